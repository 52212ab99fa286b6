package io.snowfox.bench;

import java.util.List;
import java.util.Map;

/**
 * Which node a round of the node-loss series kills: one that runs some of the job's
 * instances, in odd rounds a younger member, in even rounds the oldest one. Today the oldest
 * member's manager leads (the oldest manager, and a node's manager joins with its node), so
 * the rounds alternate between losing a node and losing the leader's node with it.
 */
final class Victims {

  /** The node to kill, and whether it is the oldest member. */
  record Choice(String nodeId, boolean oldest) {}

  private Victims() {}

  /**
   * The victim of round {@code round} (from 1), given the nodes up, oldest first, and the
   * instances each runs. In an odd round, the younger node running the most instances (the
   * youngest of equals); in an even round the oldest, if it runs any. When the wanted kind of
   * node runs none, any node that runs some.
   *
   * @throws IllegalArgumentException when no node runs an instance
   */
  static Choice choose(int round, List<String> joinOrder, Map<String, Integer> placement) {
    String oldest = joinOrder.get(0);
    boolean wantOldest = round % 2 == 0;
    if (wantOldest && placement.getOrDefault(oldest, 0) > 0) {
      return new Choice(oldest, true);
    }
    String best = null;
    for (String node : joinOrder.subList(1, joinOrder.size())) {
      int count = placement.getOrDefault(node, 0);
      if (count > 0 && (best == null || count >= placement.get(best))) {
        best = node;
      }
    }
    if (best != null) {
      return new Choice(best, false);
    }
    if (placement.getOrDefault(oldest, 0) > 0) {
      return new Choice(oldest, true);
    }
    throw new IllegalArgumentException("no node runs an instance: " + placement);
  }
}
