package io.snowfox.manager.store;

import io.snowfox.protocol.v1.Job;

/** One change to the job store; a list of them is applied in order, in one transaction. */
public sealed interface JobWrite {

  /** The id of the job changed. */
  String jobId();

  /** Inserts or replaces the job. */
  record Save(Job job) implements JobWrite {
    @Override
    public String jobId() {
      return job.getId();
    }
  }

  /**
   * Saves the job unless the store holds the same or a later version of it, or the job was
   * removed: a copy from elsewhere (the cluster map), which must never bring back an older state.
   */
  record SaveIfNewer(Job job) implements JobWrite {
    @Override
    public String jobId() {
      return job.getId();
    }
  }

  /**
   * Removes the job and leaves a tombstone, so that no copy of it saved later or found
   * elsewhere brings it back.
   */
  record Remove(String jobId, long removedAtMicros) implements JobWrite {}
}
