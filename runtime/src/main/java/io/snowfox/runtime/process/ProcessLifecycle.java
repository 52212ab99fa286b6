package io.snowfox.runtime.process;

import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a SnowFox process ends: whatever the cause (SIGTERM, Ctrl-C, a Shutdown message, a lost
 * parent, a fatal error), one graceful stop runs, bounded in time, and the JVM ends with the
 * chosen exit code. A signal ends the process with 0 once the stop is done.
 *
 * <p>The stop runs in a JVM shutdown hook, so {@code kill PID} and {@link #exit(int)} take the
 * same path; {@link Runtime#halt(int)} at its end sets the exit code.
 */
public final class ProcessLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ProcessLifecycle.class);

  private final AtomicInteger exitCode = new AtomicInteger(0);
  /** How long closing Vert.x and leaving the cluster may take after the stop. */
  public static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

  private final Supplier<Future<Void>> stop;
  private final Supplier<Future<Void>> close;
  private final Duration bound;

  /**
   * @param stop the graceful stop of the process's work; called once, from the shutdown hook
   * @param close closes Vert.x (and leaves the cluster); called from the hook after the stop, off
   *     any Vert.x thread, so its completion never needs an event loop that is shutting down
   * @param bound how long the stop may take before the JVM ends anyway
   */
  public ProcessLifecycle(Supplier<Future<Void>> stop, Supplier<Future<Void>> close,
      Duration bound) {
    this.stop = stop;
    this.close = close;
    this.bound = bound;
    Runtime.getRuntime().addShutdownHook(new Thread(this::runStop, "snowfox-shutdown"));
  }

  /**
   * Stops gracefully, then ends the JVM with {@code code}. Returns at once: safe to call from
   * an event loop, whose threads the stop still needs.
   */
  public void exit(int code) {
    exitCode.set(code);
    Thread exiter = new Thread(() -> System.exit(code), "snowfox-exit");
    exiter.setDaemon(true);
    exiter.start();
  }

  private static void await(String what, Supplier<Future<Void>> step, Duration bound) {
    try {
      step.get().toCompletionStage().toCompletableFuture().get(bound.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("{} did not finish within {} ms; going on", what, bound.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | RuntimeException e) {
      log.warn("{} failed: {}", what, e.toString());
    }
  }

  /** Blocks the calling thread (main) until the process ends. */
  public void awaitExit() {
    try {
      // Never returns: the shutdown hook halts the JVM.
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runStop() {
    try {
      await("graceful stop", stop, bound);
      await("leaving the cluster", close, CLOSE_BOUND);
    } finally {
      if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
        logging.stop();
      }
      Runtime.getRuntime().halt(exitCode.get());
    }
  }
}
