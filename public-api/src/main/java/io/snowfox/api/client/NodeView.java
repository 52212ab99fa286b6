package io.snowfox.api.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A node as the API shows it.
 *
 * @param nodeId the node's id
 * @param reachable false when its daemon did not answer by the deadline
 * @param status GREEN, YELLOW, RED, or UNREACHABLE when not reachable
 * @param reason why it is not GREEN; empty when it is
 * @param version SnowFox version of its daemon
 * @param startedAt when its daemon started (ISO-8601), empty if unknown
 * @param clusterMembers cluster members its daemon sees
 * @param subsystems daemon, spawner, manager, api, cluster
 */
public record NodeView(String nodeId, boolean reachable, String status, String reason,
    String version, String startedAt, int clusterMembers, List<SubsystemView> subsystems) {

  /** Status of a node whose daemon did not answer. */
  public static final String UNREACHABLE = "UNREACHABLE";

  /** A node that did not answer, and why. */
  public static NodeView unreachable(String nodeId, String reason) {
    return new NodeView(nodeId, false, UNREACHABLE, reason, "", "", 0, List.of());
  }

  public JsonObject toJson() {
    JsonArray parts = new JsonArray();
    subsystems.forEach(s -> parts.add(s.toJson()));
    return new JsonObject()
        .put("node_id", nodeId)
        .put("reachable", reachable)
        .put("status", status)
        .put("reason", reason)
        .put("version", version)
        .put("started_at", startedAt)
        .put("cluster_members", clusterMembers)
        .put("subsystems", parts);
  }

  public static NodeView fromJson(JsonObject json) {
    List<SubsystemView> parts = new ArrayList<>();
    JsonArray array = json.getJsonArray("subsystems", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      parts.add(SubsystemView.fromJson(array.getJsonObject(i)));
    }
    return new NodeView(json.getString("node_id", ""), json.getBoolean("reachable", false),
        json.getString("status", ""), json.getString("reason", ""),
        json.getString("version", ""), json.getString("started_at", ""),
        json.getInteger("cluster_members", 0), List.copyOf(parts));
  }
}
