package io.snowfox.api.nodes;

import io.vertx.core.json.JsonObject;

/**
 * Whether a node listing carries the leading manager's view of the nodes: its leader and
 * epoch, or why it does not ({@code "scheduling"} of {@code GET /v1/nodes}).
 *
 * <p>As JSON, {@code {"available": true, "leader_node_id": "n1", "epoch": 7}} or
 * {@code {"available": false, "error": "UNAVAILABLE", "message": "..."}}.
 *
 * @param available true when the leading manager answered
 * @param leaderNodeId the node whose manager leads; empty when not available
 * @param epoch the leader's epoch; 0 when not available
 * @param error why not available: the error code of the manager's answer (UNAVAILABLE when no
 *     manager leads, TIMEOUT when it did not answer in time); empty when available
 * @param message why not available, for people; empty when available
 */
record SchedulingView(boolean available, String leaderNodeId, long epoch, String error,
    String message) {

  /** The leading manager answered. */
  public static SchedulingView of(String leaderNodeId, long epoch) {
    return new SchedulingView(true, leaderNodeId, epoch, "", "");
  }

  /** No answer of the leading manager, and why. */
  public static SchedulingView unavailable(String error, String message) {
    return new SchedulingView(false, "", 0, error, message);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("available", available);
    if (available) {
      return json.put("leader_node_id", leaderNodeId).put("epoch", epoch);
    }
    return json.put("error", error).put("message", message);
  }
}
