package io.snowfox.protocol;

import io.snowfox.protocol.v1.Role;
import java.util.regex.Pattern;

/**
 * Every event-bus address SnowFox uses, defined once.
 *
 * <p>Point-to-point addresses name one process: {@code snowfox.v1.node.<node-id>.<role>}. A node
 * id is therefore restricted to characters that keep an address unambiguous (see
 * {@link #checkNodeId(String)}).
 */
public final class Addresses {

  /** Prefix of every SnowFox address; it carries the protocol version. */
  public static final String PREFIX = "snowfox.v1.";

  /**
   * What a node id may be. Compiled once: every request between processes names its node, and
   * {@code String.matches} compiled the expression again each time (a sixth of what the leading
   * manager allocated under load, Java Flight Recorder).
   */
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

  /**
   * Cluster-wide map of the nodes that have joined: node id to a short JSON description, signed
   * with the cluster key by the node's daemon.
   */
  public static final String NODES_MAP = PREFIX + "nodes";

  /**
   * The job service: job requests from the API and process events from spawners. Every manager
   * consumes it.
   */
  public static final String JOBS = PREFIX + "jobs";

  /** Cluster-wide map of jobs: job id to the JSON form of its {@code snowfox.v1.Job}, signed. */
  public static final String JOBS_MAP = PREFIX + "jobs";
  /** Cluster-wide map of removed job ids (tombstones), to their removal time in micros, signed. */
  public static final String REMOVED_JOBS_MAP = PREFIX + "jobs.removed";

  /** The token service of the leading manager: create, list and revoke API tokens. */
  public static final String TOKENS = PREFIX + "tokens";
  /**
   * Cluster-wide map of API tokens: token id to a signed {@code snowfox.v1.TokenRecord} (the
   * secret's hash, never the secret). Every API reads it; managers write it, and each API
   * registers its own node's management token.
   */
  public static final String TOKENS_MAP = PREFIX + "tokens";
  /**
   * Cluster-wide map of manager claims: a manager's Hazelcast member UUID to its node id, signed
   * with the cluster key. Leadership goes to the oldest manager with a valid claim.
   */
  public static final String MANAGER_CLAIMS_MAP = PREFIX + "managers.claims";

  /**
   * Cluster-wide map of leadership: key {@code epoch} holds the newest leader epoch (a fencing
   * token that only grows) with the leader's node id, signed. See {@code LeaderEpoch}.
   */
  public static final String LEADER_MAP = PREFIX + "leader";
  /** Cluster-wide map of drained nodes: node id to the drain's start time in micros, signed. */
  public static final String DRAINS_MAP = PREFIX + "nodes.drains";

  /** Where one-way events are published; anyone may listen. */
  public static final String EVENTS = PREFIX + "events";

  private Addresses() {}

  /** The address of the process playing {@code role} on {@code nodeId}. */
  public static String of(String nodeId, Role role) {
    checkNodeId(nodeId);
    return PREFIX + "node." + nodeId + "." + Roles.name(role);
  }

  /** The daemon of a node: health, node status, shutdown of the whole node. */
  public static String daemon(String nodeId) {
    return of(nodeId, Role.ROLE_DAEMON);
  }

  /** The spawner of a node: starts, signals and reaps workloads. */
  public static String spawner(String nodeId) {
    return of(nodeId, Role.ROLE_SPAWNER);
  }

  /** The manager of a node: jobs, placement, restart policies. */
  public static String manager(String nodeId) {
    return of(nodeId, Role.ROLE_MANAGER);
  }

  /** The public API server of a node. */
  public static String api(String nodeId) {
    return of(nodeId, Role.ROLE_API);
  }

  /** Whether {@code nodeId} is usable in addresses, file names and URLs. */
  public static boolean isNodeId(String nodeId) {
    return nodeId != null && NODE_ID.matcher(nodeId).matches();
  }

  /**
   * Checks that a node id is usable in addresses, file names and URLs.
   *
   * @throws IllegalArgumentException naming the rule when it is not
   */
  public static String checkNodeId(String nodeId) {
    if (!isNodeId(nodeId)) {
      throw new IllegalArgumentException("invalid node id '" + nodeId
          + "': use 1-63 letters, digits, '-' or '_', starting with a letter or digit");
    }
    return nodeId;
  }
}
