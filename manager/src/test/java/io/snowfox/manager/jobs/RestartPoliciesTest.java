package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartPoliciesTest {

  private static RestartMode mode(String name) {
    switch (name) {
      case "never":
        return RestartMode.RESTART_MODE_NEVER;
      case "on-failure":
        return RestartMode.RESTART_MODE_ON_FAILURE;
      case "always":
        return RestartMode.RESTART_MODE_ALWAYS;
      default:
        return RestartMode.RESTART_MODE_UNSPECIFIED;
    }
  }

  private static RestartPolicy policy(String mode, Integer maxRestarts) {
    RestartPolicy.Builder policy = RestartPolicy.newBuilder().setMode(mode(mode));
    if (maxRestarts != null) {
      policy.setMaxRestarts(maxRestarts);
    }
    return policy.build();
  }

  private static RestartPolicy withDefaults(String mode) {
    return JobSpecs.withDefaults(JobSpec.newBuilder()
        .setRestart(RestartPolicy.newBuilder().setMode(mode(mode))).build()).getRestart();
  }

  @ParameterizedTest(name = "{0}, max {3}: {1} after {2} restart(s) -> restart {4}")
  @CsvSource(nullValues = "-", value = {
      // policy,   outcome, restarts, max_restarts, restarts again
      "unset,      FAILED,  0,        -,            false",
      "never,      FAILED,  0,        -,            false",
      "never,      KILLED,  0,        5,            false",
      "on-failure, FAILED,  0,        3,            true",
      "on-failure, KILLED,  0,        3,            true",
      "on-failure, LOST,    0,        3,            true",
      "on-failure, FAILED,  2,        3,            true",
      "on-failure, FAILED,  3,        3,            false",
      "on-failure, FAILED,  0,        0,            false",
      "on-failure, EXITED,  0,        3,            false",
      "on-failure, FAILED,  50,       -,            true",
      "always,     EXITED,  0,        -,            true",
      "always,     FAILED,  0,        -,            true",
      "always,     EXITED,  100000,   -,            true",
      "always,     EXITED,  1,        2,            true",
      "always,     EXITED,  2,        2,            false",
  })
  void restartsTable(String mode, String outcome, int restarts, Integer maxRestarts,
      boolean expected) {
    assertThat(RestartPolicies.restarts(policy(mode, maxRestarts),
        InstanceState.valueOf("INSTANCE_STATE_" + outcome), restarts)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "restart {0} waits {1} ms")
  @CsvSource({
      "0,   1000",
      "1,   2000",
      "2,   4000",
      "5,   32000",
      "6,   60000",
      "7,   60000",
      "1000000, 60000",
  })
  void backoffDoublesUpToTheCap(int restarts, long expectedMillis) {
    RestartPolicy policy = RestartPolicy.newBuilder()
        .setMode(RestartMode.RESTART_MODE_ALWAYS)
        .setBackoffMillis(1_000).setMaxBackoffMillis(60_000).build();

    assertThat(RestartPolicies.backoffMillis(policy, restarts)).isEqualTo(expectedMillis);
  }

  @Test
  void aCapBelowTheBackoffLeavesTheBackoff() {
    RestartPolicy policy = RestartPolicy.newBuilder()
        .setBackoffMillis(5_000).setMaxBackoffMillis(1_000).build();

    assertThat(RestartPolicies.backoffMillis(policy, 0)).isEqualTo(5_000);
    assertThat(RestartPolicies.backoffMillis(policy, 3)).isEqualTo(5_000);
  }

  @Test
  void defaultsGiveOnFailureThreeRestarts() {
    RestartPolicy onFailure = withDefaults("on-failure");

    assertThat(RestartPolicies.restarts(onFailure, InstanceState.INSTANCE_STATE_FAILED, 2))
        .isTrue();
    assertThat(RestartPolicies.restarts(onFailure, InstanceState.INSTANCE_STATE_FAILED, 3))
        .isFalse();
  }

  @Test
  void defaultsLeaveAlwaysUnlimited() {
    RestartPolicy always = withDefaults("always");

    assertThat(always.hasMaxRestarts()).isFalse();
    assertThat(RestartPolicies.restarts(always, InstanceState.INSTANCE_STATE_EXITED, 10_000))
        .isTrue();
  }

  @Test
  void defaultBackoffStartsAtOneSecondAndStopsAtOneMinute() {
    RestartPolicy always = withDefaults("always");

    assertThat(RestartPolicies.backoffMillis(always, 0)).isEqualTo(1_000);
    assertThat(RestartPolicies.backoffMillis(always, 20)).isEqualTo(60_000);
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @CsvSource({
      "RESTART_MODE_NEVER,       never",
      "RESTART_MODE_ON_FAILURE,  on-failure",
      "RESTART_MODE_ALWAYS,      always",
      "RESTART_MODE_UNSPECIFIED, never",
  })
  void modesAreNamedAsUsersWriteThem(RestartMode mode, String name) {
    assertThat(io.snowfox.protocol.JobNames.of(mode)).isEqualTo(name);
  }
}
