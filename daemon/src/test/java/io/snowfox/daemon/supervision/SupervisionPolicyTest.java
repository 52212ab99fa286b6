package io.snowfox.daemon.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SupervisionPolicyTest {

  private static final Backoff BACKOFF = SupervisionPolicy.defaults().backoff();
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);

  @Test
  void defaultsUseTheNamedConstants() {
    SupervisionPolicy policy = SupervisionPolicy.defaults();

    assertThat(policy.crashLoopThreshold()).isEqualTo(5);
    assertThat(policy.stableAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.terminateGrace()).isEqualTo(Duration.ofSeconds(5));
    assertThat(policy.backoff()).isEqualTo(new Backoff(Duration.ofMillis(500),
        Duration.ofSeconds(30), 2.0, 0.2));
  }

  @Test
  void crashLoopThresholdMustBeAtLeastOne() {
    assertThatThrownBy(() -> new SupervisionPolicy(BACKOFF, 0, ONE_SECOND, ONE_SECOND, ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("crashLoopThreshold must be >= 1");
    assertThat(new SupervisionPolicy(BACKOFF, 1, ONE_SECOND, ONE_SECOND, ONE_SECOND)
        .crashLoopThreshold()).isEqualTo(1);
  }

  @Test
  void durationsMustBePositive() {
    assertThatThrownBy(
        () -> new SupervisionPolicy(BACKOFF, 5, Duration.ZERO, ONE_SECOND, ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stableAfter must be > 0");
    assertThatThrownBy(
        () -> new SupervisionPolicy(BACKOFF, 5, ONE_SECOND, Duration.ofSeconds(-1), ONE_SECOND))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shutdownGrace must be > 0");
    assertThatThrownBy(
        () -> new SupervisionPolicy(BACKOFF, 5, ONE_SECOND, ONE_SECOND, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("terminateGrace must be > 0");
  }

  @Test
  void nothingMayBeMissing() {
    assertThatThrownBy(() -> new SupervisionPolicy(null, 5, ONE_SECOND, ONE_SECOND, ONE_SECOND))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("backoff");
    assertThatThrownBy(() -> new SupervisionPolicy(BACKOFF, 5, ONE_SECOND, null, ONE_SECOND))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("shutdownGrace");
  }
}
