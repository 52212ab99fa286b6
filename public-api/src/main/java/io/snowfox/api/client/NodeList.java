package io.snowfox.api.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer of {@code GET /v1/nodes}: every known node, and whether some did not answer.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param partial true when at least one node did not answer by the deadline
 * @param nodes the nodes, sorted by id
 */
public record NodeList(String correlationId, boolean partial, List<NodeView> nodes) {

  public JsonObject toJson() {
    JsonArray array = new JsonArray();
    nodes.forEach(n -> array.add(n.toJson()));
    return new JsonObject()
        .put("correlation_id", correlationId)
        .put("partial", partial)
        .put("nodes", array);
  }

  public static NodeList fromJson(JsonObject json) {
    List<NodeView> nodes = new ArrayList<>();
    JsonArray array = json.getJsonArray("nodes", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      nodes.add(NodeView.fromJson(array.getJsonObject(i)));
    }
    return new NodeList(json.getString("correlation_id", ""), json.getBoolean("partial", false),
        List.copyOf(nodes));
  }
}
