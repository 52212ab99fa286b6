package io.snowfox.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Sequential latency series: unmeasured warm-up units, then measured ones, one at a time, and
 * the polling loop a client uses to wait for a state it cannot be told about.
 */
final class Series {

  /** Longest latency a histogram holds; a unit never waits longer than {@link #UNIT_BOUND}. */
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(2);
  /** No single job, program or process may take longer than this. */
  static final Duration UNIT_BOUND = Duration.ofSeconds(30);

  /** One unit of a series; returns the nanoseconds it measured (set-up excluded). */
  interface Unit {
    long run(int index) throws Exception;
  }

  /** One look at the system; true once the awaited state is there. */
  interface Check {
    boolean reached() throws Exception;
  }

  private Series() {}

  /** Runs {@code warmup + runs} units in order and records the last {@code runs}. */
  static Histogram run(String what, int warmup, int runs, Unit unit) throws Exception {
    Histogram latency = histogram();
    for (int i = 0; i < warmup + runs; i++) {
      long nanos = unit.run(i);
      if (i >= warmup) {
        latency.recordValue(Math.min(nanos, HIGHEST_NANOS));
      }
    }
    BenchMain.say(what + ": p50 " + millis(latency.getValueAtPercentile(50)) + " ms, p99 "
        + millis(latency.getValueAtPercentile(99)) + " ms over " + runs);
    return latency;
  }

  static Histogram histogram() {
    return new Histogram(HIGHEST_NANOS, 3);
  }

  /**
   * Checks right away, then every {@code interval} (start to start) until {@code check} is true,
   * and returns System.nanoTime() when the answer saying so arrived.
   *
   * @throws IllegalStateException when the state is not reached within {@link #UNIT_BOUND}
   */
  static long pollUntil(Duration interval, String what, Check check) throws Exception {
    long deadline = System.nanoTime() + UNIT_BOUND.toNanos();
    while (true) {
      long polled = System.nanoTime();
      if (check.reached()) {
        return System.nanoTime();
      }
      if (polled > deadline) {
        throw new IllegalStateException(what + " not reached within "
            + UNIT_BOUND.toSeconds() + " s");
      }
      sleepUntil(polled + interval.toNanos());
    }
  }

  static void sleepUntil(long nanoTime) throws InterruptedException {
    long pause = nanoTime - System.nanoTime();
    if (pause > 0) {
      TimeUnit.NANOSECONDS.sleep(pause);
    }
  }

  static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }
}
