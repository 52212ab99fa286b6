package io.snowfox.api.nodes;

import io.vertx.core.json.JsonObject;

/**
 * A node as the leading manager schedules it: what it offers, what is reserved on it, whether it
 * takes new instances.
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
record AllocationView(String nodeId, ResourcesView capacity, ResourcesView allocated,
    int instances, boolean draining, boolean schedulable) {

  /** The JSON of the allocation: {@link #fields()} and {@code node_id}. */
  public JsonObject toJson() {
    return new JsonObject().put("node_id", nodeId).mergeIn(fields());
  }

  /** Every field but the node's id, as a node of {@code GET /v1/nodes} carries them. */
  public JsonObject fields() {
    return new JsonObject()
        .put("capacity", capacity.toJson())
        .put("allocated", allocated.toJson())
        .put("instances", instances)
        .put("draining", draining)
        .put("schedulable", schedulable);
  }
}
