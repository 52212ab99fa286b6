package io.snowfox.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A node as the API shows it: its daemon's status and, when the leading manager answered and
 * knows the node, how the manager schedules it.
 *
 * <p>In the API's JSON the scheduling fields sit next to the status ones ({@code "leader"},
 * {@code "epoch"}, {@code "capacity"}, {@code "allocated"}, {@code "instances"},
 * {@code "draining"}, {@code "schedulable"}), all present or all absent; here they are
 * {@link #scheduling()}.
 *
 * @param nodeId the node's id
 * @param reachable false when its daemon did not answer by the deadline
 * @param status GREEN, YELLOW, RED, or {@link #UNREACHABLE}
 * @param reason why it is not GREEN; empty when it is
 * @param version SnowFox version of its daemon; empty when unreachable
 * @param startedAt when its daemon started; null when unknown
 * @param clusterMembers cluster members its daemon sees
 * @param subsystems daemon, spawner, manager, api, cluster
 * @param scheduling what the leading manager says of the node; null when no manager answered
 *     (the listing's {@link Scheduling} says why) or its answer does not list the node
 */
public record Node(String nodeId, boolean reachable, String status, String reason,
    String version, Instant startedAt, int clusterMembers, List<Subsystem> subsystems,
    NodeScheduling scheduling) {

  /** Status of a node whose daemon did not answer. */
  public static final String UNREACHABLE = "UNREACHABLE";

  public Node {
    subsystems = Json.list(subsystems);
  }

  /** A node read from the API's JSON, whose scheduling fields are flat. */
  @JsonCreator
  static Node fromJson(@JsonProperty("node_id") String nodeId,
      @JsonProperty("reachable") boolean reachable, @JsonProperty("status") String status,
      @JsonProperty("reason") String reason, @JsonProperty("version") String version,
      @JsonProperty("started_at") Instant startedAt,
      @JsonProperty("cluster_members") int clusterMembers,
      @JsonProperty("subsystems") List<Subsystem> subsystems,
      @JsonProperty("leader") Boolean leader, @JsonProperty("epoch") long epoch,
      @JsonProperty("capacity") Resources capacity,
      @JsonProperty("allocated") Resources allocated, @JsonProperty("instances") int instances,
      @JsonProperty("draining") boolean draining,
      @JsonProperty("schedulable") boolean schedulable) {
    NodeScheduling scheduling = leader == null ? null : new NodeScheduling(leader, epoch,
        new Allocation(nodeId, capacity, allocated, instances, draining, schedulable));
    return new Node(nodeId, reachable, status, reason, version, startedAt, clusterMembers,
        subsystems, scheduling);
  }
}
