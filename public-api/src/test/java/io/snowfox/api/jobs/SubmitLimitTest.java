package io.snowfox.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.api.auth.RequestLimits;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubmitLimitTest {

  @Test
  void admitsUpToItsBoundAndOneMoreForEachSubmitAnswered() {
    SubmitLimit limit = new SubmitLimit(3);
    List<RequestLimits.Permit> waiting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      waiting.add(limit.tryAdmit());
    }

    assertThat(waiting).doesNotContainNull();
    assertThat(limit.tryAdmit()).isNull();
    assertThat(limit.inFlight()).isEqualTo(3);

    waiting.get(0).close();
    assertThat(limit.inFlight()).isEqualTo(2);
    assertThat(limit.tryAdmit()).isNotNull();
    assertThat(limit.tryAdmit()).isNull();
  }

  @Test
  void aPermitClosedTwiceGivesBackOnlyOnePlace() {
    SubmitLimit limit = new SubmitLimit(1);
    RequestLimits.Permit permit = limit.tryAdmit();

    permit.close();
    permit.close();

    assertThat(limit.inFlight()).isZero();
    assertThat(limit.tryAdmit()).isNotNull();
    assertThat(limit.tryAdmit()).isNull();
  }

  @Test
  void aBoundBelowOneIsRefused() {
    assertThatThrownBy(() -> new SubmitLimit(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
