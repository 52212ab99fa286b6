package io.snowfox.client;

/**
 * Whether a node listing carries the leading manager's view of the nodes: its leader and
 * epoch, or why it does not ({@code "scheduling"} of {@code GET /v1/nodes}).
 *
 * @param available true when the leading manager answered
 * @param leaderNodeId the node whose manager leads; empty when not available
 * @param epoch the leader's epoch; 0 when not available
 * @param error why not available: the error code of the manager's answer (UNAVAILABLE when no
 *     manager leads, TIMEOUT when it did not answer in time); empty when available
 * @param message why not available, for people; empty when available
 */
public record Scheduling(boolean available, String leaderNodeId, long epoch, String error,
    String message) {

  /** What an answer without a scheduling view (an older API) stands for. */
  static final Scheduling NONE = new Scheduling(false, "", 0, "", "");
}
