package io.snowfox.manager;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Tells whether this process ran without a pause long enough for the cluster to take it for
 * gone. A leader stopped past the failure timeout (SIGSTOP, a long GC pause, a suspended VM)
 * has been replaced when it resumes, yet believes nothing happened: its first StartProcess could
 * reach a spawner that has not heard of the new leader, and run an instance the new leader
 * starts too. Seen in the freeze chaos test: the resumed leader started a run on one node while
 * the new one started it on another.
 *
 * <p>A thread ticks every {@link #TICK}. The watch holds while the last tick is recent and no
 * two ticks were further apart than the limit; once broken it stays broken, and whoever owns it
 * steps down. Right after a resume the last tick is old, so the watch is broken even before the
 * ticking thread runs again.
 */
final class PauseWatch implements AutoCloseable {

  static final Duration TICK = Duration.ofMillis(100);

  private final long limitNanos;
  private final LongSupplier nanos;
  private final Runnable onPause;
  private volatile long lastTick;
  private volatile boolean broken;
  private volatile Thread ticking;

  /**
   * @param limit the longest pause that leaves this process trusted: well under the failure
   *     timeout, after which others act as if it were gone
   * @param onPause called once, from the ticking thread, when a longer pause is seen
   */
  PauseWatch(Duration limit, LongSupplier nanos, Runnable onPause) {
    this.limitNanos = limit.toNanos();
    this.nanos = nanos;
    this.onPause = onPause;
    this.lastTick = nanos.getAsLong();
  }

  /** A watch ticking on a thread of its own, half the failure timeout long (1 s at least). */
  static PauseWatch start(int failureTimeoutSeconds, Runnable onPause) {
    Duration limit = Duration.ofMillis(Math.max(1_000, failureTimeoutSeconds * 500L));
    PauseWatch watch = new PauseWatch(limit, System::nanoTime, onPause);
    Thread thread = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(TICK.toMillis());
          watch.tick();
        }
      } catch (InterruptedException stopped) {
        Thread.currentThread().interrupt();
      }
    }, "snowfox-pause-watch");
    thread.setDaemon(true);
    watch.ticking = thread;
    thread.start();
    return watch;
  }

  /** One tick: notes a pause longer than the limit since the last one. */
  void tick() {
    long now = nanos.getAsLong();
    boolean pausedNow = now - lastTick > limitNanos;
    lastTick = now;
    if (pausedNow && !broken) {
      broken = true;
      onPause.run();
    }
  }

  /** Whether this process has run without a long pause, up to a moment ago. */
  boolean holds() {
    return !broken && nanos.getAsLong() - lastTick <= limitNanos;
  }

  @Override
  public void close() {
    Thread thread = ticking;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
