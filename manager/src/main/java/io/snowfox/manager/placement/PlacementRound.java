package io.snowfox.manager.placement;

import io.snowfox.protocol.v1.JobSpec;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass of placements over a snapshot of the nodes: each placement reserves its resources
 * and counts for spreading before the next one is chosen, so a burst of instances placed in one
 * pass spreads and never over-commits a node. Pure; not thread-safe.
 */
public final class PlacementRound {

  private final Map<String, NodeCandidate> nodes = new LinkedHashMap<>();
  /** Per job, its instances per node: those placed before the round and in it. */
  private final Map<String, Map<String, Integer>> perJob = new HashMap<>();

  /** @param nodes the nodes that can run instances now */
  public PlacementRound(List<NodeCandidate> nodes) {
    nodes.forEach(node -> this.nodes.put(node.nodeId(), node));
  }

  /**
   * The node for one more instance of the job, reserved at once; empty when none fits.
   *
   * @param placedBefore how many instances of the job each node ran before the round (read
   *     the first time the round sees the job)
   */
  public Optional<String> place(String jobId, JobSpec spec, Map<String, Integer> placedBefore) {
    Map<String, Integer> counts = perJob.computeIfAbsent(jobId,
        id -> new HashMap<>(placedBefore));
    Optional<NodeCandidate> chosen = Placement.place(spec, List.copyOf(nodes.values()),
        node -> counts.getOrDefault(node, 0), jobId);
    chosen.ifPresent(node -> {
      nodes.put(node.nodeId(), node.with(spec.getResources()));
      counts.merge(node.nodeId(), 1, Integer::sum);
    });
    return chosen.map(NodeCandidate::nodeId);
  }

  /** Why nothing fits the job now. */
  public String whyNot(JobSpec spec) {
    return Placement.whyNot(spec, List.copyOf(nodes.values()));
  }

  /** The nodes as they stand after the placements so far. */
  public List<NodeCandidate> nodes() {
    return List.copyOf(nodes.values());
  }
}
