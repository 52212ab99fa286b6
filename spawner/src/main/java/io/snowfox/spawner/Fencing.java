package io.snowfox.spawner;

import io.snowfox.runtime.cluster.LeaderEpoch;

/**
 * The check that keeps a manager that no longer leads from starting or stopping runs: a request
 * is judged by its leader epoch against the newest epoch this spawner has seen (its floor).
 * Pure; {@link LeaderFence} does the I/O around it.
 */
final class Fencing {

  /** What to do with a request of a given epoch. */
  enum Verdict {
    /** The epoch of the newest leader seen: go ahead. */
    ACCEPT,
    /** A newer leader: go ahead, and from now on refuse every older epoch. */
    RAISE,
    /** An older leader: do nothing, answer CONFLICT. */
    REFUSE
  }

  private Fencing() {}

  /**
   * The verdict on a request of {@code epoch} when the floor is {@code floor}. A sender that
   * sets no epoch (0) is accepted only while no leader epoch has been seen.
   */
  static Verdict judge(long floor, long epoch) {
    if (epoch < floor) {
      return Verdict.REFUSE;
    }
    return epoch > floor ? Verdict.RAISE : Verdict.ACCEPT;
  }

  /** Why a {@code kind} request of {@code epoch} was refused, the floor being {@code floor}. */
  static String refusal(String kind, long epoch, LeaderEpoch floor) {
    return "fenced: " + kind + " of epoch " + epoch + (epoch == 0 ? " (none set)" : "")
        + " refused, the newest leader epoch is " + describe(floor);
  }

  /** {@code 4 (node b)}, or {@code 4} when the leader's node is not known. */
  static String describe(LeaderEpoch epoch) {
    return epoch.epoch() + (epoch.nodeId().isEmpty() ? "" : " (node " + epoch.nodeId() + ")");
  }
}
