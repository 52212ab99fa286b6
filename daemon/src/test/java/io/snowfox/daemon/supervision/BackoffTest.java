package io.snowfox.daemon.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private static final double NO_JITTER = 0.5;
  private static final double ALMOST_ONE = Math.nextDown(1.0);

  private final Backoff backoff = new Backoff(Backoff.DEFAULT_INITIAL, Backoff.DEFAULT_MAX,
      Backoff.DEFAULT_MULTIPLIER, Backoff.DEFAULT_JITTER);

  @ParameterizedTest(name = "failure {0} waits {1} ms")
  @CsvSource(textBlock = """
      1 |   500
      2 |  1000
      3 |  2000
      4 |  4000
      5 |  8000
      6 | 16000
      7 | 30000
      8 | 30000
      """, delimiter = '|')
  void delayDoublesUntilTheCap(int failures, long millis) {
    assertThat(backoff.delay(failures, NO_JITTER)).isEqualTo(Duration.ofMillis(millis));
  }

  @Test
  void lowestDrawTakesJitterOffTheDelay() {
    assertThat(backoff.delay(1, 0.0)).isEqualTo(Duration.ofMillis(400));
    assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(1600));
  }

  @Test
  void highestDrawAddsAlmostAllTheJitter() {
    assertThat(backoff.delay(1, ALMOST_ONE))
        .isGreaterThan(Duration.ofMillis(599))
        .isLessThanOrEqualTo(Duration.ofMillis(600));
  }

  @Test
  void jitterNeverGoesAboveTheCap() {
    assertThat(backoff.delay(10, ALMOST_ONE)).isEqualTo(Backoff.DEFAULT_MAX);
  }

  @Test
  void jitterStillSpreadsDelaysAtTheCap() {
    assertThat(backoff.delay(10, 0.0)).isEqualTo(Duration.ofSeconds(24));
  }

  @Test
  void hugeFailureCountsDoNotOverflow() {
    assertThat(backoff.delay(1000, NO_JITTER)).isEqualTo(Backoff.DEFAULT_MAX);
    assertThat(backoff.delay(Integer.MAX_VALUE, 0.0)).isEqualTo(Duration.ofSeconds(24));
  }

  @Test
  void hugeMaxDoesNotOverflow() {
    Backoff unbounded = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE),
        2.0, 0.0);
    assertThat(unbounded.delay(11, NO_JITTER)).isEqualTo(Duration.ofSeconds(1024));
  }

  @Test
  void multiplierOfOneKeepsTheDelayConstant() {
    Backoff constant = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(10), 1.0, 0.0);
    assertThat(constant.delay(1, NO_JITTER)).isEqualTo(Duration.ofSeconds(2));
    assertThat(constant.delay(50, 0.0)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void delayIsAtLeastOneMillisecond() {
    Backoff tiny = new Backoff(Duration.ofNanos(10), Duration.ofNanos(10), 1.0, 0.5);
    assertThat(tiny.delay(1, 0.0)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void sameInputsGiveTheSameDelay() {
    assertThat(backoff.delay(4, 0.37)).isEqualTo(backoff.delay(4, 0.37));
  }

  @Test
  void accessorsReturnTheBounds() {
    assertThat(backoff.initial()).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.max()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void rejectsBadSettingsWithClearMessages() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2.0, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial delay must be > 0");
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1), 2.0, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial delay must be > 0");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2.0, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max delay must be >= initial delay");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.9, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier must be >= 1");
    assertThatThrownBy(
        () -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier must be >= 1");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter must be in [0, 1)");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2.0, -0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter must be in [0, 1)");
  }

  @Test
  void rejectsBadDelayArguments() {
    assertThatThrownBy(() -> backoff.delay(0, NO_JITTER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("failures must be >= 1");
    assertThatThrownBy(() -> backoff.delay(1, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("random must be in [0, 1)");
    assertThatThrownBy(() -> backoff.delay(1, -0.01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("random must be in [0, 1)");
  }
}
