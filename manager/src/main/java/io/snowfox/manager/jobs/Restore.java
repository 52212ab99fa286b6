package io.snowfox.manager.jobs;

import io.snowfox.protocol.v1.Job;

/**
 * What the leader does with a job a standby offers it: one its store holds and the cluster map
 * lacks, because the map lost it with the members that held it. Pure; the table of cases is in
 * the test.
 */
public enum Restore {
  /** Take it back: the leader does not hold it, or holds an older version. */
  TAKE,
  /** The leader holds it in the same or a newer version: nothing to do. */
  HELD,
  /** It was removed: the standby forgets it too. */
  REMOVED,
  /**
   * The leader does not hold it and it ended longer ago than the leader keeps ended jobs: it was
   * removed (its tombstone may be forgotten since), or would be at once. The standby forgets it.
   */
  EXPIRED,
  /**
   * Another job answers the same request (correlation id and spec): this one was saved by a
   * leader that died before answering, and the client's retry made the other. The standby
   * forgets it.
   */
  TWIN;

  /**
   * @param held the leader's version of the job, or null
   * @param removed whether the leader's store or the cluster has a tombstone for it
   * @param expired whether it ended longer ago than the leader's retention
   * @param sameRequest the job the leader holds for the offered job's correlation id, or null
   */
  public static Restore of(Job offered, Job held, boolean removed, boolean expired,
      Job sameRequest) {
    if (removed) {
      return REMOVED;
    }
    if (held != null) {
      return Jobs.newer(offered, held) ? TAKE : HELD;
    }
    if (expired) {
      return EXPIRED;
    }
    if (sameRequest != null && !sameRequest.getId().equals(offered.getId())
        && !offered.getCorrelationId().isEmpty()
        && sameRequest.getSpec().equals(offered.getSpec())) {
      return TWIN;
    }
    return TAKE;
  }
}
