package io.snowfox.api.nodes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The answer of {@code GET /v1/nodes}: every known node, whether some did not answer, and
 * whether the leading manager's view of them is in it.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param partial true when at least one node's daemon did not answer by the deadline
 * @param scheduling the leader and its epoch, or why the nodes carry no scheduling fields
 * @param nodes the nodes, sorted by id
 */
record NodeListView(String correlationId, boolean partial, SchedulingView scheduling,
    List<NodeView> nodes) {

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    nodes.forEach(n -> array.add(n.toJson()));
    return new JsonObject()
        .put("correlation_id", correlationId)
        .put("partial", partial)
        .put("scheduling", scheduling.toJson())
        .put("nodes", array);
  }
}
