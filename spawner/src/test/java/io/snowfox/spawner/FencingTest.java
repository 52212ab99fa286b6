package io.snowfox.spawner;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.runtime.cluster.LeaderEpoch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fencing check as a table: the floor, a request's epoch, the verdict. */
class FencingTest {

  @ParameterizedTest(name = "floor {0}, request of epoch {1}: {2}")
  @CsvSource({
      // no leader seen yet: a sender without an epoch passes, any leader raises the floor
      "0, 0, ACCEPT",
      "0, 1, RAISE",
      "0, -1, REFUSE",
      // a leader seen: its own epoch passes (re-sends too), a newer one raises the floor
      "4, 4, ACCEPT",
      "4, 5, RAISE",
      "4, 9223372036854775807, RAISE",
      // older leaders, and senders that set no epoch, are fenced off
      "4, 3, REFUSE",
      "4, 0, REFUSE",
      "4, -4, REFUSE",
  })
  void judgesARequestsEpochAgainstTheFloor(long floor, long epoch, Fencing.Verdict verdict) {
    assertThat(Fencing.judge(floor, epoch)).isEqualTo(verdict);
  }

  @Test
  void aRefusalNamesTheRequestItsEpochAndTheNewestLeader() {
    assertThat(Fencing.refusal("StartProcess", 3, new LeaderEpoch(4, "b")))
        .isEqualTo("fenced: StartProcess of epoch 3 refused, the newest leader epoch is 4 "
            + "(node b)");
    assertThat(Fencing.refusal("StopProcess", 0, new LeaderEpoch(4, "")))
        .isEqualTo("fenced: StopProcess of epoch 0 (none set) refused, the newest leader epoch "
            + "is 4");
  }
}
