package io.snowfox.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * An open loop: units begun at a fixed rate whether or not the earlier ones are done, each timed
 * from the moment it was due (so a unit that had to wait for a free thread counts its wait: no
 * coordinated omission). Below saturation it shows what one unit takes as the system does it,
 * where a closed loop shows how long units queue behind each other once the CPU is full.
 */
final class FixedRate {

  /** One unit, begun with its index. */
  interface Unit {
    void run(int index) throws Exception;
  }

  /**
   * What a run did.
   *
   * @param sent units begun
   * @param failed units that threw; the first failure's message is {@code firstFailure}
   * @param latency due to done, of every unit that succeeded
   */
  record Result(int perSecond, Duration length, int sent, int failed, String firstFailure,
      Histogram latency) {}

  private FixedRate() {}

  /**
   * Begins {@code perSecond} units a second for {@code length} on {@code threads} threads (enough
   * that a unit rarely waits for one), and returns once every unit is done.
   */
  static Result run(String what, int perSecond, Duration length, int threads, Unit unit)
      throws InterruptedException {
    Histogram latency = new SynchronizedHistogram(Series.HIGHEST_NANOS, 3);
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstFailure = new AtomicReference<>("");
    long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
    int units = (int) (length.toNanos() / interval);
    ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, what);
      thread.setDaemon(true);
      return thread;
    });
    List<Future<?>> all = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < units; i++) {
        long due = start + i * interval;
        Series.sleepUntil(due);
        int index = i;
        all.add(pool.submit(() -> {
          try {
            unit.run(index);
            latency.recordValue(Math.min(System.nanoTime() - due, Series.HIGHEST_NANOS));
          } catch (Exception e) {
            failed.incrementAndGet();
            firstFailure.compareAndSet("", e.getMessage());
          }
        }));
      }
      for (Future<?> f : all) {
        try {
          f.get(Series.UNIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          failed.incrementAndGet();
          firstFailure.compareAndSet("", e.toString());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    BenchMain.say(what + ": " + units + " at " + perSecond + "/s, " + failed.get()
        + " failed, p50 " + Series.millis(latency.getValueAtPercentile(50)) + " ms, p99 "
        + Series.millis(latency.getValueAtPercentile(99)) + " ms");
    return new Result(perSecond, length, units, failed.get(), firstFailure.get(), latency);
  }
}
