package io.snowfox.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Throughput at a fixed concurrency: each of N client threads starts one unit (a process, a job,
 * a program), waits until it has ended, starts the next, for a fixed window. Units that end
 * after the window are waited for (bounded) but not counted.
 *
 * <p>Where the end of a unit can only be seen by polling, one watcher thread polls for all
 * clients with a single look at the system per interval, so the polling load does not grow
 * with the number of clients.
 */
final class ClosedLoop {

  /**
   * One throughput run.
   *
   * @param completed units that ended successfully inside the window
   * @param failed units that ended unsuccessfully inside the window
   * @param tail units begun inside the window that ended after it (not counted)
   * @param drain window end to the end of the last unit
   * @param latency begin to seen-ended, of the units counted
   */
  record Result(int clients, Duration window, long completed, long failed, long tail,
      Duration drain, Histogram latency) {

    double perSecond() {
      return completed * 1e9 / window.toNanos();
    }

    /** Every unit that ended, in the window or after it. */
    long ended() {
      return completed + failed + tail;
    }
  }

  /** A unit that runs on the client thread and returns once it has ended. */
  interface Blocking {
    /** Returns true when the unit succeeded. */
    boolean run(int client) throws Exception;
  }

  /** Units that end on their own and are seen to have ended by polling. */
  interface Polled {
    /** Starts a unit; returns its key once the system has acknowledged it. */
    String begin(int client) throws Exception;

    /** One look at the system: those of {@code keys} that have ended, and whether each succeeded. */
    Map<String, Boolean> ended(Set<String> keys) throws Exception;
  }

  private record Ended(long atNanos, boolean ok) {}

  private record Outstanding(long ackedNanos, CompletableFuture<Ended> ended) {}

  private ClosedLoop() {}

  static Result blocking(String what, int clients, Duration window, Blocking unit)
      throws Exception {
    Counters counters = new Counters();
    long start = System.nanoTime();
    long end = start + window.toNanos();
    List<Thread> threads = new ArrayList<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(started(what + "-" + c, () -> {
        try {
          while (System.nanoTime() < end && failure.get() == null) {
            long begun = System.nanoTime();
            boolean ok = unit.run(client);
            counters.count(begun, new Ended(System.nanoTime(), ok), end);
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    return finish(what, clients, () -> window, threads, end, counters, failure);
  }

  static Result polled(String what, int clients, Duration window, Duration interval,
      Polled target) throws Exception {
    return polled(what, clients, window, Long.MAX_VALUE, interval, target);
  }

  /**
   * As {@link #polled(String, int, Duration, Duration, Polled)}, but no client begins a unit
   * once {@code units} have been begun: a run of a fixed amount of work, which ends when the
   * last unit has ended. Its result's window is then launch to that end; {@code window} stays
   * a bound.
   */
  static Result polled(String what, int clients, Duration window, long units, Duration interval,
      Polled target) throws Exception {
    Counters counters = new Counters();
    AtomicLong begun = new AtomicLong();
    Map<String, Outstanding> outstanding = new ConcurrentHashMap<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    AtomicReference<Exception> lastPollFailure = new AtomicReference<>();
    long start = System.nanoTime();
    long end = start + window.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(started(what + "-" + c, () -> {
        try {
          while (System.nanoTime() < end && failure.get() == null
              && begun.getAndIncrement() < units) {
            long begunAt = System.nanoTime();
            String key = target.begin(client);
            CompletableFuture<Ended> ended = new CompletableFuture<>();
            outstanding.put(key, new Outstanding(System.nanoTime(), ended));
            try {
              counters.count(begunAt, ended.get(Series.UNIT_BOUND.toNanos(),
                  TimeUnit.NANOSECONDS), end);
            } catch (TimeoutException e) {
              Exception poll = lastPollFailure.get();
              throw new IllegalStateException(key + " not seen ended within "
                  + Series.UNIT_BOUND.toSeconds() + " s"
                  + (poll == null ? "" : "; last poll failure: " + poll.getMessage()), e);
            }
          }
        } catch (Exception e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    Thread watcher = started(what + "-watcher", () -> {
      while (threads.stream().anyMatch(Thread::isAlive)) {
        long sent = System.nanoTime();
        // Only units acknowledged before this look began may be judged by it.
        Set<String> keys = new HashSet<>();
        outstanding.forEach((key, o) -> {
          if (o.ackedNanos() < sent) {
            keys.add(key);
          }
        });
        try {
          if (!keys.isEmpty()) {
            Map<String, Boolean> ended = target.ended(keys);
            long seen = System.nanoTime();
            ended.forEach((key, ok) -> {
              Outstanding o = outstanding.remove(key);
              if (o != null) {
                o.ended().complete(new Ended(seen, ok));
              }
            });
          }
          Series.sleepUntil(sent + interval.toNanos());
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          lastPollFailure.set(e);
        }
      }
    });
    try {
      // Read once the clients are done: whether they ran out of units or out of time.
      Supplier<Duration> measured = () -> begun.get() < units ? window
          : Duration.ofNanos(Math.max(1, counters.lastEnd.get() - start));
      return finish(what, clients, measured, threads, end, counters, failure);
    } finally {
      watcher.interrupt();
      watcher.join(TimeUnit.SECONDS.toMillis(5));
    }
  }

  private static Result finish(String what, int clients, Supplier<Duration> measured,
      List<Thread> threads, long end, Counters counters, AtomicReference<Exception> failure)
      throws Exception {
    long windowLeft = Math.max(0, end - System.nanoTime());
    for (Thread thread : threads) {
      thread.join(Duration.ofNanos(windowLeft).plus(Series.UNIT_BOUND).plusSeconds(5).toMillis());
    }
    if (threads.stream().anyMatch(Thread::isAlive)) {
      threads.forEach(Thread::interrupt);
      throw new IllegalStateException(what + ": clients still busy long after the window");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    Duration window = measured.get();
    Duration drain = Duration.ofNanos(Math.max(0, counters.lastEnd.get() - end));
    Result result = new Result(clients, window, counters.completed.get(),
        counters.failed.get(), counters.tail.get(), drain, counters.latency);
    BenchMain.say(what + ": " + result.completed() + " in " + window.toSeconds() + " s ("
        + String.format(java.util.Locale.ROOT, "%.1f", result.perSecond()) + "/s), "
        + result.failed() + " failed, " + result.tail() + " ended after the window");
    return result;
  }

  /** What the clients saw, shared between them. */
  private static final class Counters {
    final AtomicLong completed = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong tail = new AtomicLong();
    final AtomicLong lastEnd = new AtomicLong();
    final Histogram latency = new SynchronizedHistogram(Series.HIGHEST_NANOS, 3);

    void count(long begun, Ended ended, long windowEnd) {
      lastEnd.accumulateAndGet(ended.atNanos(), Math::max);
      if (ended.atNanos() > windowEnd) {
        tail.incrementAndGet();
        return;
      }
      if (ended.ok()) {
        completed.incrementAndGet();
        latency.recordValue(Math.min(ended.atNanos() - begun, Series.HIGHEST_NANOS));
      } else {
        failed.incrementAndGet();
      }
    }
  }

  /** A started platform thread; the clients and the watcher end on their own. */
  private static Thread started(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.start();
    return thread;
  }
}
