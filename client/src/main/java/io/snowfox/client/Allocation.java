package io.snowfox.client;

/**
 * A node as the leading manager schedules it: what it offers, what is reserved on it, whether
 * it takes new instances.
 *
 * @param nodeId the node's id
 * @param capacity what the node offers to jobs ({@code snowfox daemon --cpu, --memory-mb})
 * @param allocated the sum of the resources of the instances placed there and not ended
 * @param instances the instances placed there and not ended
 * @param draining true while the node is drained: it takes no new instances, and its running
 *     ones are moved to other nodes
 * @param schedulable true when its spawner is up, so instances may be placed there unless it is
 *     draining
 */
public record Allocation(String nodeId, Resources capacity, Resources allocated, int instances,
    boolean draining, boolean schedulable) {

  public Allocation {
    capacity = capacity == null ? Resources.NONE : capacity;
    allocated = allocated == null ? Resources.NONE : allocated;
  }
}
