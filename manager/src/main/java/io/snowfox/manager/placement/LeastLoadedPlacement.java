package io.snowfox.manager.placement;

import io.snowfox.protocol.v1.JobSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places an instance on the node with the fewest live instances among those whose labels match
 * every constraint of the job; ties go to the smallest node id.
 */
public final class LeastLoadedPlacement implements Placement {

  @Override
  public Optional<String> place(JobSpec spec, List<NodeCandidate> nodes) {
    return nodes.stream()
        .filter(node -> matches(spec, node))
        .min(Comparator.comparingInt(NodeCandidate::load).thenComparing(NodeCandidate::nodeId))
        .map(NodeCandidate::nodeId);
  }

  @Override
  public String whyNot(JobSpec spec, List<NodeCandidate> nodes) {
    if (nodes.isEmpty()) {
      return "no node with a running spawner";
    }
    return "no node has the labels " + spec.getConstraints().getLabelsMap();
  }

  static boolean matches(JobSpec spec, NodeCandidate node) {
    for (Map.Entry<String, String> wanted : spec.getConstraints().getLabelsMap().entrySet()) {
      if (!wanted.getValue().equals(node.labels().get(wanted.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
