package io.snowfox.api.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
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
public record NodeList(String correlationId, boolean partial, SchedulingView scheduling,
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

  public static NodeList fromJson(JsonObject json) {
    List<NodeView> nodes = new ArrayList<>();
    JsonArray array = json.getJsonArray("nodes", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      nodes.add(NodeView.fromJson(array.getJsonObject(i)));
    }
    return new NodeList(json.getString("correlation_id", ""), json.getBoolean("partial", false),
        SchedulingView.fromJson(json.getJsonObject("scheduling")), List.copyOf(nodes));
  }
}
