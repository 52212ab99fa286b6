package io.snowfox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestLimitsTest {

  private final AtomicLong now = new AtomicLong();
  private final RequestLimits limits = new RequestLimits(now::get);

  @Test
  void aTokenHasAtMostItsConcurrentCallsRunningAndGetsOneBackWhenOneEnds() {
    List<RequestLimits.Admission> running = new ArrayList<>();
    for (int i = 0; i < RequestLimits.Kind.STREAM.concurrent(); i++) {
      running.add(limits.admit("t1", RequestLimits.Kind.STREAM));
    }
    RequestLimits.Admission refused = limits.admit("t1", RequestLimits.Kind.STREAM);

    assertThat(running).allMatch(RequestLimits.Admission::admitted);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfterSeconds()).isPositive();
    assertThat(limits.admit("t2", RequestLimits.Kind.STREAM).admitted()).isTrue();

    running.get(0).permit().close();
    running.get(0).permit().close();
    assertThat(limits.running("t1", RequestLimits.Kind.STREAM))
        .isEqualTo(RequestLimits.Kind.STREAM.concurrent() - 1);
    assertThat(limits.admit("t1", RequestLimits.Kind.STREAM).admitted()).isTrue();
  }

  @Test
  void aTokenThatCallsTooOftenWaitsForItsBucketToRefill() {
    int admitted = 0;
    RequestLimits.Admission last = null;
    for (int i = 0; i < 50; i++) {
      last = limits.admit("t1", RequestLimits.Kind.TRACE);
      if (last.admitted()) {
        admitted++;
        last.permit().close();
      }
    }
    assertThat(admitted).isEqualTo(10);
    assertThat(last.admitted()).isFalse();
    assertThat(last.retryAfterSeconds()).isEqualTo(2);

    now.addAndGet(2_000_000_000L);
    assertThat(limits.admit("t1", RequestLimits.Kind.TRACE).admitted()).isTrue();
    assertThat(limits.admit("t1", RequestLimits.Kind.TRACE).admitted()).isFalse();
  }
}
