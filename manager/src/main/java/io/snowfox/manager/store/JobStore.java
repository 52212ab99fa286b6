package io.snowfox.manager.store;

import io.snowfox.protocol.v1.Job;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Durable job state. Implementations block: callers run them on a worker thread. A write is
 * durable when it returns; of two copies of a job the one of the later leader epoch wins, then
 * the higher {@code version}. A {@link JobWrite.Save} of an epoch older than the newest the store
 * has seen is refused with a {@link StaleEpochException}: it comes from a deposed leader.
 */
public interface JobStore extends AutoCloseable {

  /**
   * Applies the writes in order as one transaction: all of them or, when it throws, none. Durable
   * when it returns. Returns how many changed the store (a {@link JobWrite.SaveIfNewer} of a
   * version that is not newer changes nothing).
   */
  int write(List<JobWrite> writes);

  /** Inserts or replaces the job. */
  default void save(Job job) {
    write(List.of(new JobWrite.Save(job)));
  }

  /** See {@link JobWrite.SaveIfNewer}; returns whether it saved. */
  default boolean saveIfNewer(Job job) {
    return write(List.of(new JobWrite.SaveIfNewer(job))) == 1;
  }

  /** See {@link JobWrite.Remove}. */
  default void remove(String jobId, long removedAtMicros) {
    write(List.of(new JobWrite.Remove(jobId, removedAtMicros)));
  }

  /** The newest leader epoch this store has seen (in a job, or raised). */
  long newestEpoch();

  /** Records that leader epoch {@code epoch} exists (no effect when not newer); durable. */
  void raiseEpoch(long epoch);

  /**
   * Forgets every job without leaving tombstones (they were not removed: the store stops keeping
   * copies), still remembering the newest leader epoch they carried and every removal. Returns
   * how many were dropped.
   */
  int dropJobs();

  /** The ids of the removed jobs still remembered. */
  Set<String> removedIds();

  /** Forgets the removals made before {@code micros}; returns how many. */
  int forgetRemovedBefore(long micros);

  /** Every job stored. */
  List<Job> loadAll();

  /** The ids of the jobs stored (not those removed). */
  Set<String> ids();

  /** The jobs stored among {@code ids}; an id the store does not hold is left out. */
  List<Job> load(Collection<String> ids);

  /**
   * The jobs this store holds that {@code others} lacks or holds in an older version (a later
   * leader epoch first, then a higher version), read without loading the others.
   */
  List<Job> aheadOf(Map<String, Job> others);

  /** Those of {@code ids} that were removed here (a tombstone is remembered). */
  Set<String> removedAmong(Collection<String> ids);

  @Override
  void close();
}
