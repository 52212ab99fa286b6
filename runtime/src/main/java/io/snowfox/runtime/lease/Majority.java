package io.snowfox.runtime.lease;

import java.util.Set;

/**
 * Counting nodes: how many of the known nodes are among some others (those seen, or those whose
 * daemons vote for a manager). Pure.
 */
public final class Majority {

  private Majority() {}

  /** Whether {@code among} holds a strict majority of {@code known}: no other set of them can. */
  public static boolean strict(Set<String> known, Set<String> among) {
    return 2 * count(known, among) > known.size();
  }

  /**
   * Whether {@code among} holds at least half of {@code known}: the others then cannot be a
   * strict majority. With two nodes, either one; with three, two of them.
   */
  public static boolean half(Set<String> known, Set<String> among) {
    return 2 * count(known, among) >= known.size();
  }

  private static long count(Set<String> known, Set<String> among) {
    return known.stream().filter(among::contains).count();
  }
}
