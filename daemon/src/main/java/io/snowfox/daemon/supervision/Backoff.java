package io.snowfox.daemon.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter for restarting a crashed child. Pure: the random draw comes
 * in as an argument, so the same inputs always give the same delay.
 */
public final class Backoff {

  public static final Duration DEFAULT_INITIAL = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);
  public static final double DEFAULT_MULTIPLIER = 2.0;
  /** Spreads restarts of many nodes that crashed together (say, after a network split). */
  public static final double DEFAULT_JITTER = 0.2;

  // Timers (Vert.x setTimer among them) reject delays under one millisecond.
  private static final Duration MIN_DELAY = Duration.ofMillis(1);

  private final Duration initial;
  private final Duration max;
  private final double multiplier;
  private final double jitter;

  public Backoff(Duration initial, Duration max, double multiplier, double jitter) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial delay must be > 0, got " + initial);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff max delay must be >= initial delay " + initial + ", got " + max);
    }
    // Written as !(x >= ...) so that NaN is rejected too.
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("backoff jitter must be in [0, 1), got " + jitter);
    }
    this.initial = initial;
    this.max = max;
    this.multiplier = multiplier;
    this.jitter = jitter;
  }

  /**
   * The delay before the next restart.
   *
   * @param failures consecutive failures so far, 1 for the first
   * @param random a uniform draw in [0, 1); 0.5 means no jitter
   */
  public Duration delay(int failures, double random) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    if (!(random >= 0.0 && random < 1.0)) {
      throw new IllegalArgumentException("random must be in [0, 1), got " + random);
    }
    // Doubles, not longs: multiplier^(failures-1) overflows any long long before the cap
    // applies, while in a double it saturates at infinity and the min() below still holds.
    double maxNanos = nanos(max);
    double base = Math.min(maxNanos, nanos(initial) * Math.pow(multiplier, failures - 1));
    double jittered = base * (1.0 + jitter * (2.0 * random - 1.0));
    if (jittered >= maxNanos) {
      return max;
    }
    // The floor wins over max: a max under 1 ms cannot be honoured by any timer.
    Duration delay = Duration.ofNanos(Math.round(jittered));
    return delay.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : delay;
  }

  public Duration initial() {
    return initial;
  }

  public Duration max() {
    return max;
  }

  // Duration.toNanos() throws beyond ~292 years; a configured max may be that large.
  private static double nanos(Duration d) {
    return d.getSeconds() * 1e9 + d.getNano();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Backoff other
        && initial.equals(other.initial)
        && max.equals(other.max)
        && Double.compare(multiplier, other.multiplier) == 0
        && Double.compare(jitter, other.jitter) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(initial, max, multiplier, jitter);
  }

  @Override
  public String toString() {
    return "Backoff[initial=" + initial + ", max=" + max + ", multiplier=" + multiplier
        + ", jitter=" + jitter + "]";
  }
}
