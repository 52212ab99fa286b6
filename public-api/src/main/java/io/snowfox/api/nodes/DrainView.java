package io.snowfox.api.nodes;

import io.vertx.core.json.JsonObject;

/**
 * The answer of {@code POST} and {@code DELETE /v1/nodes/{id}/drain}: the node as the leading
 * manager schedules it once the drain has started or ended.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param allocation the node's allocation
 */
record DrainView(String correlationId, AllocationView allocation) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("correlation_id", correlationId)
        .put("allocation", allocation.toJson());
  }
}
