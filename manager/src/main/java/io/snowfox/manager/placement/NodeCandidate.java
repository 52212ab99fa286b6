package io.snowfox.manager.placement;

import io.snowfox.protocol.v1.Resources;
import java.util.Map;

/**
 * A node that can run instances now (its spawner is a live cluster member): what it offers and
 * what is reserved on it.
 *
 * @param nodeId the node
 * @param labels the labels its daemon was started with ({@code --label k=v})
 * @param cpu the cores it offers ({@code --cpu}); infinite when its daemon did not say
 * @param memoryMb the memory it offers in MiB ({@code --memory-mb}); {@link Long#MAX_VALUE}
 *     when its daemon did not say
 * @param cpuUsed the cores reserved by the instances placed there and not ended
 * @param memoryMbUsed the memory reserved by them
 * @param load how many they are
 * @param draining it takes no new instances
 */
public record NodeCandidate(String nodeId, Map<String, String> labels, double cpu, long memoryMb,
    double cpuUsed, long memoryMbUsed, int load, boolean draining) {

  /** A node that did not say what it offers: it fits any reservation. */
  public static NodeCandidate unbounded(String nodeId, Map<String, String> labels, int load) {
    return new NodeCandidate(nodeId, labels, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 0, 0, load,
        false);
  }

  public double cpuFree() {
    return cpu - cpuUsed;
  }

  public long memoryMbFree() {
    return memoryMb - memoryMbUsed;
  }

  /** Whether an instance reserving {@code wanted} fits next to what is reserved already. */
  public boolean fits(Resources wanted) {
    // A hair of tolerance: 0.1 + 0.2 cores must fit into 0.3.
    return wanted.getCpu() <= cpuFree() + 1e-9 && wanted.getMemoryMb() <= memoryMbFree();
  }

  /** The node with one more instance reserving {@code placed}. */
  public NodeCandidate with(Resources placed) {
    return new NodeCandidate(nodeId, labels, cpu, memoryMb, cpuUsed + placed.getCpu(),
        memoryMbUsed + placed.getMemoryMb(), load + 1, draining);
  }

  /** The same node, draining or not. */
  public NodeCandidate draining(boolean drain) {
    return new NodeCandidate(nodeId, labels, cpu, memoryMb, cpuUsed, memoryMbUsed, load, drain);
  }
}
