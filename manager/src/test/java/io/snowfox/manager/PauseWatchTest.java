package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PauseWatchTest {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicInteger pauses = new AtomicInteger();
  private final PauseWatch watch =
      new PauseWatch(Duration.ofMillis(2_500), now::get, pauses::incrementAndGet);

  @Test
  void holdsWhileTheProcessKeepsTicking() {
    for (int i = 0; i < 50; i++) {
      advance(100);
      watch.tick();
    }
    assertThat(watch.holds()).isTrue();
    assertThat(pauses).hasValue(0);
  }

  @Test
  void aResumedProcessIsDistrustedBeforeItsNextTick() {
    advance(20_000);

    assertThat(watch.holds()).as("just resumed, the last tick 20 s old").isFalse();
  }

  @Test
  void aPauseLongerThanTheLimitBreaksItForGoodAndIsReportedOnce() {
    advance(100);
    watch.tick();
    advance(20_000);
    watch.tick();
    advance(100);
    watch.tick();

    assertThat(watch.holds()).isFalse();
    assertThat(pauses).hasValue(1);
  }

  @Test
  void aShortStallIsNotAPause() {
    advance(2_000);
    watch.tick();

    assertThat(watch.holds()).isTrue();
    assertThat(pauses).hasValue(0);
  }

  private void advance(long millis) {
    now.addAndGet(Duration.ofMillis(millis).toNanos());
  }
}
