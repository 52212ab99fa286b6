package io.snowfox.daemon.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * How the daemon supervises one child process.
 *
 * @param backoff the delay before each restart after an unexpected exit
 * @param crashLoopThreshold consecutive failures after which the child is reported as
 *     crash-looping (it is still restarted, with the backoff at its cap)
 * @param stableAfter how long a child must stay healthy for its next exit to count as a fresh
 *     first failure rather than one more in a row
 * @param shutdownGrace how long a child asked to shut down gets before it is sent SIGTERM
 * @param terminateGrace how long a child sent SIGTERM gets before it is sent SIGKILL
 */
public record SupervisionPolicy(
    Backoff backoff,
    int crashLoopThreshold,
    Duration stableAfter,
    Duration shutdownGrace,
    Duration terminateGrace) {

  public static final int DEFAULT_CRASH_LOOP_THRESHOLD = 5;
  public static final Duration DEFAULT_STABLE_AFTER = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TERMINATE_GRACE = Duration.ofSeconds(5);

  public SupervisionPolicy {
    Objects.requireNonNull(backoff, "backoff");
    if (crashLoopThreshold < 1) {
      throw new IllegalArgumentException(
          "crashLoopThreshold must be >= 1, got " + crashLoopThreshold);
    }
    requirePositive("stableAfter", stableAfter);
    requirePositive("shutdownGrace", shutdownGrace);
    requirePositive("terminateGrace", terminateGrace);
  }

  public static SupervisionPolicy defaults() {
    return new SupervisionPolicy(
        new Backoff(Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX, Backoff.DEFAULT_MULTIPLIER,
            Backoff.DEFAULT_JITTER),
        DEFAULT_CRASH_LOOP_THRESHOLD,
        DEFAULT_STABLE_AFTER,
        DEFAULT_SHUTDOWN_GRACE,
        DEFAULT_TERMINATE_GRACE);
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
