package io.snowfox.client;

import java.time.Instant;

/**
 * One instance of a job: one process, restarted as its job's policy says.
 *
 * @param index from 0
 * @param state {@link #PENDING}, {@link #STARTING}, {@link #RUNNING}, {@link #EXITED},
 *     {@link #FAILED}, {@link #KILLED}, {@link #LOST} or {@link #STOPPING}; a newer API may add
 *     states
 * @param node the node it is placed on; empty while not placed
 * @param pid its process id; 0 when it has none
 * @param runId this run, {@code <job id>.<index>.<restarts>}; a restart gets a new one
 * @param restarts how many times it was started again
 * @param startedAt when this run started; null before
 * @param endedAt when it ended; null before
 * @param lastError why it last failed to start or ended; empty when nothing went wrong
 * @param exitCode its exit code once it has ended; null before, or when a signal ended it
 * @param signal the signal that ended it; null before, or when it exited
 */
public record Instance(int index, String state, String node, long pid, String runId,
    int restarts, Instant startedAt, Instant endedAt, String lastError, Integer exitCode,
    Integer signal) {

  public static final String PENDING = "pending";
  public static final String STARTING = "starting";
  public static final String RUNNING = "running";
  /** Exited with code 0. */
  public static final String EXITED = "exited";
  public static final String FAILED = "failed";
  public static final String KILLED = "killed";
  /** Its node was lost. */
  public static final String LOST = "lost";
  /** A user stop is under way. */
  public static final String STOPPING = "stopping";
}
