package io.snowfox.manager.store;

import io.snowfox.protocol.v1.Job;
import java.util.List;
import java.util.Set;

/**
 * Durable job state. Implementations block: callers run them on a worker thread. A save is
 * durable when it returns; the highest {@code version} of a job wins.
 */
public interface JobStore extends AutoCloseable {

  /** Inserts or replaces the job. */
  void save(Job job);

  /**
   * Saves the job unless the store holds the same or a later version of it, or the job was
   * removed; returns whether it saved.
   */
  boolean saveIfNewer(Job job);

  /**
   * Removes the job and remembers that it was removed (a tombstone), so that no copy of it
   * saved later or found elsewhere brings it back.
   */
  void remove(String jobId, long removedAtMicros);

  /** The ids of the removed jobs still remembered. */
  Set<String> removedIds();

  /** Forgets the removals made before {@code micros}; returns how many. */
  int forgetRemovedBefore(long micros);

  /** Every job stored. */
  List<Job> loadAll();

  @Override
  void close();
}
