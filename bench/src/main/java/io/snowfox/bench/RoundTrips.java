package io.snowfox.bench;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Times round trips of an {@link Exchange}, driven from one event loop of this JVM so that no
 * thread hand-off is counted: each request is sent from the callback of the previous answer.
 * Latencies go into HdrHistograms in nanoseconds with 3 significant digits.
 */
final class RoundTrips {

  /** Latencies above this are recorded as this. */
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** A sequential run gives up after this many failed round trips. */
  static final int MAX_FAILURES = 10;
  /** How long a load run may wait after its window for the requests still in flight. */
  static final Duration DRAIN_BOUND = Duration.ofSeconds(15);
  /** A sequential run longer than this is abandoned. */
  static final Duration SEQUENTIAL_BOUND = Duration.ofMinutes(10);

  /** Latencies of round trips made one after the other. */
  record Sequential(Histogram latency, int failures) {}

  /**
   * Round trips with {@code inFlight} requests outstanding for {@code window}.
   *
   * @param completed answers received within the window
   * @param failed requests that failed within the window
   * @param latency latency of the answers received within the window
   */
  record Load(int inFlight, Duration window, long completed, long failed, Histogram latency) {
    double perSecond() {
      return completed / (window.toNanos() / 1e9);
    }
  }

  private RoundTrips() {}

  static Histogram histogram() {
    return new Histogram(HIGHEST_NANOS, 3);
  }

  /** {@code count} round trips, each sent when the previous one is answered. */
  static Sequential sequential(Vertx vertx, Exchange exchange, int count) throws Exception {
    Promise<Sequential> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new SequentialRun(exchange, count, done).next());
    return await(done, SEQUENTIAL_BOUND);
  }

  /** Keeps {@code inFlight} requests outstanding for {@code window}. */
  static Load load(Vertx vertx, Exchange exchange, int inFlight, Duration window)
      throws Exception {
    Promise<Load> done = Promise.promise();
    Context context = vertx.getOrCreateContext();
    context.runOnContext(v -> new LoadRun(vertx, context, exchange, inFlight, window, done)
        .start());
    return await(done, window.plus(DRAIN_BOUND).plus(DRAIN_BOUND));
  }

  private static <T> T await(Promise<T> done, Duration bound) throws Exception {
    try {
      return done.future().toCompletionStage().toCompletableFuture()
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("round trips did not end within " + bound.toSeconds()
          + " s", e);
    }
  }

  private static final class SequentialRun {
    private final Exchange exchange;
    private final int count;
    private final Promise<Sequential> done;
    private final Histogram latency = histogram();
    private int answered;
    private int failures;

    SequentialRun(Exchange exchange, int count, Promise<Sequential> done) {
      this.exchange = exchange;
      this.count = count;
      this.done = done;
    }

    void next() {
      if (answered == count) {
        done.complete(new Sequential(latency, failures));
        return;
      }
      long sentAt = System.nanoTime();
      exchange.roundTrip().onComplete(result -> {
        long nanos = System.nanoTime() - sentAt;
        if (result.succeeded()) {
          latency.recordValue(Math.min(nanos, HIGHEST_NANOS));
          answered++;
        } else if (++failures > MAX_FAILURES) {
          done.fail(new IllegalStateException(exchange.name() + ": " + failures
              + " failed round trips, the last: " + result.cause(), result.cause()));
          return;
        }
        next();
      });
    }
  }

  private static final class LoadRun {
    private final Vertx vertx;
    private final Context context;
    private final Exchange exchange;
    private final int inFlight;
    private final Duration window;
    private final Promise<Load> done;
    private final Histogram latency = histogram();
    private long deadline;
    private int outstanding;
    private long completed;
    private long failed;

    LoadRun(Vertx vertx, Context context, Exchange exchange, int inFlight, Duration window,
        Promise<Load> done) {
      this.vertx = vertx;
      this.context = context;
      this.exchange = exchange;
      this.inFlight = inFlight;
      this.window = window;
      this.done = done;
    }

    void start() {
      deadline = System.nanoTime() + window.toNanos();
      vertx.setTimer(window.plus(DRAIN_BOUND).toMillis(), id -> finish());
      for (int i = 0; i < inFlight; i++) {
        send();
      }
    }

    private void send() {
      outstanding++;
      long sentAt = System.nanoTime();
      exchange.roundTrip().onComplete(result -> {
        outstanding--;
        long now = System.nanoTime();
        if (now <= deadline) {
          if (result.succeeded()) {
            completed++;
            latency.recordValue(Math.min(now - sentAt, HIGHEST_NANOS));
          } else {
            failed++;
          }
        }
        if (now >= deadline) {
          if (outstanding == 0) {
            finish();
          }
        } else if (result.succeeded()) {
          send();
        } else {
          // A failure can complete at once; resending from a fresh task keeps the stack flat.
          context.runOnContext(v -> send());
        }
      });
    }

    private void finish() {
      done.tryComplete(new Load(inFlight, window, completed, failed, latency));
    }
  }
}
