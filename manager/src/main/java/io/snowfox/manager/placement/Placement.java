package io.snowfox.manager.placement;

import io.snowfox.protocol.v1.JobSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * Chooses the node an instance runs on. Pure: same inputs, same choice.
 *
 * <p>A node is eligible when its labels match every constraint of the job, it is not draining,
 * and the instance's reservation ({@code resources.cpu}, {@code resources.memory_mb}) fits next
 * to what is reserved there: a node is never over-committed. Among the eligible nodes the
 * instance goes where the job has the fewest instances (a job's instances spread over the
 * nodes), then to the node with the fewest instances of any job, then, among equal nodes, to
 * the one the job's id ranks first (so that short jobs spread), then to the smallest node id.
 */
public final class Placement {

  private Placement() {}

  /**
   * The chosen node, or empty when none is eligible (then {@link #whyNot} says why).
   *
   * @param sameJob how many instances of the job each node runs already
   */
  public static Optional<NodeCandidate> place(JobSpec spec, List<NodeCandidate> nodes,
      ToIntFunction<String> sameJob) {
    return place(spec, nodes, sameJob, "");
  }

  /**
   * As {@link #place(JobSpec, List, ToIntFunction)}, with ties between equal nodes broken by
   * {@code tieKey} (the job id): each job prefers its own order of the nodes (rendezvous
   * hashing), so short jobs that leave every node idle do not all go to the same one; then by
   * node id.
   */
  public static Optional<NodeCandidate> place(JobSpec spec, List<NodeCandidate> nodes,
      ToIntFunction<String> sameJob, String tieKey) {
    return nodes.stream()
        .filter(node -> eligible(spec, node))
        .min(Comparator.<NodeCandidate>comparingInt(node -> sameJob.applyAsInt(node.nodeId()))
            .thenComparingInt(NodeCandidate::load)
            .thenComparingLong(node -> tieKey.isEmpty() ? 0 : rank(tieKey, node.nodeId()))
            .thenComparing(NodeCandidate::nodeId));
  }

  /** A well-mixed number for a (key, node) pair. */
  static long rank(String key, String nodeId) {
    long h = 0x9E3779B97F4A7C15L;
    for (char c : (key + '\u0000' + nodeId).toCharArray()) {
      h = (h ^ c) * 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    return h;
  }

  static boolean eligible(JobSpec spec, NodeCandidate node) {
    return matches(spec, node) && !node.draining() && node.fits(spec.getResources());
  }

  /**
   * Why no node is eligible, in words a person can act on, for example {@code no node has 64
   * cpu free (largest: 2 on node-a)}.
   */
  public static String whyNot(JobSpec spec, List<NodeCandidate> nodes) {
    if (nodes.isEmpty()) {
      return "no node with a running spawner";
    }
    List<NodeCandidate> labelled = nodes.stream().filter(node -> matches(spec, node)).toList();
    if (labelled.isEmpty()) {
      return "no node has the labels " + spec.getConstraints().getLabelsMap();
    }
    List<NodeCandidate> open = labelled.stream().filter(node -> !node.draining()).toList();
    if (open.isEmpty()) {
      return "every node that could run it is draining ("
          + String.join(", ", labelled.stream().map(NodeCandidate::nodeId).toList()) + ")";
    }
    double cpu = spec.getResources().getCpu();
    long memory = spec.getResources().getMemoryMb();
    NodeCandidate mostCpu = open.stream()
        .max(Comparator.comparingDouble(NodeCandidate::cpuFree)).orElseThrow();
    NodeCandidate mostMemory = open.stream()
        .max(Comparator.comparingLong(NodeCandidate::memoryMbFree)).orElseThrow();
    if (mostCpu.cpuFree() + 1e-9 < cpu) {
      return "no node has " + number(cpu) + " cpu free (largest: " + number(mostCpu.cpuFree())
          + " on " + mostCpu.nodeId() + ")";
    }
    if (mostMemory.memoryMbFree() < memory) {
      return "no node has " + memory + " MiB of memory free (largest: "
          + mostMemory.memoryMbFree() + " MiB on " + mostMemory.nodeId() + ")";
    }
    return "no node has both " + number(cpu) + " cpu and " + memory + " MiB of memory free";
  }

  private static boolean matches(JobSpec spec, NodeCandidate node) {
    for (Map.Entry<String, String> wanted : spec.getConstraints().getLabelsMap().entrySet()) {
      if (!wanted.getValue().equals(node.labels().get(wanted.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** 2 for 2.0, 0.25 for 0.25: the way a person writes cores. */
  private static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return java.math.BigDecimal.valueOf(value).setScale(3, java.math.RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }
}
