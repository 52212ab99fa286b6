package io.snowfox.manager.store;

import io.snowfox.protocol.v1.Job;
import java.util.List;

/**
 * Durable job state. Implementations block: callers run them on a worker thread. A save is
 * durable when it returns; the highest {@code version} of a job wins.
 */
public interface JobStore extends AutoCloseable {

  /** Inserts or replaces the job. */
  void save(Job job);

  /**
   * Saves the job unless the store holds the same or a later version of it; returns whether it
   * saved.
   */
  boolean saveIfNewer(Job job);

  /** Removes the job; nothing happens when it is not stored. */
  void delete(String jobId);

  /** Every job stored. */
  List<Job> loadAll();

  @Override
  void close();
}
