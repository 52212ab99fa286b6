package io.snowfox.api.nodes;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A node as the API shows it: its daemon's status and, when the leading manager answered and
 * knows the node, how the manager schedules it.
 *
 * <p>As JSON, the scheduling fields sit next to the status ones: {@code "leader"},
 * {@code "epoch"}, {@code "capacity"}, {@code "allocated"}, {@code "instances"},
 * {@code "draining"} and {@code "schedulable"}; all absent when {@code scheduling} is null.
 *
 * @param nodeId the node's id
 * @param reachable false when its daemon did not answer by the deadline
 * @param status GREEN, YELLOW, RED, or UNREACHABLE when not reachable
 * @param reason why it is not GREEN; empty when it is
 * @param version SnowFox version of its daemon
 * @param startedAt when its daemon started (ISO-8601), empty if unknown
 * @param clusterMembers cluster members its daemon sees
 * @param subsystems daemon, spawner, manager, api, cluster
 * @param scheduling what the leading manager says of the node; null when no manager answered
 *     (the listing's {@link SchedulingView} says why) or its answer does not list the node
 */
record NodeView(String nodeId, boolean reachable, String status, String reason,
    String version, String startedAt, int clusterMembers, List<SubsystemView> subsystems,
    NodeSchedulingView scheduling) {

  /** Status of a node whose daemon did not answer. */
  public static final String UNREACHABLE = "UNREACHABLE";

  /** A node that did not answer, and why. */
  public static NodeView unreachable(String nodeId, String reason) {
    return new NodeView(nodeId, false, UNREACHABLE, reason, "", "", 0, List.of(), null);
  }

  /** This node with what the leading manager says of it. */
  public NodeView withScheduling(NodeSchedulingView scheduling) {
    return new NodeView(nodeId, reachable, status, reason, version, startedAt, clusterMembers,
        subsystems, scheduling);
  }

  public JsonObject toJson() {
    JsonArray parts = new JsonArray();
    subsystems.forEach(s -> parts.add(s.toJson()));
    JsonObject json = new JsonObject()
        .put("node_id", nodeId)
        .put("reachable", reachable)
        .put("status", status)
        .put("reason", reason)
        .put("version", version)
        .put("started_at", startedAt)
        .put("cluster_members", clusterMembers)
        .put("subsystems", parts);
    if (scheduling != null) {
      json.put("leader", scheduling.leader())
          .put("epoch", scheduling.epoch())
          .mergeIn(scheduling.allocation().fields());
    }
    return json;
  }
}
