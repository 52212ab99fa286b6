package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.snowfox.protocol.v1.Constraints;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.Resources;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobSpecsTest {

  /** A spec that sets every field to something valid. */
  private static JobSpec full() {
    return JobSpec.newBuilder()
        .setName("web-1.blue_v2")
        .setCommand("/usr/bin/python3")
        .addArgs("-m").addArgs("http.server")
        .putEnv("PORT", "8080").putEnv("_DEBUG", "1")
        .setWorkdir("/srv/web")
        .setInstances(3)
        .setRestart(RestartPolicy.newBuilder().setMode(RestartMode.RESTART_MODE_ON_FAILURE)
            .setMaxRestarts(5).setBackoffMillis(500).setMaxBackoffMillis(30_000))
        .setKillTimeoutMillis(20_000)
        .setResources(Resources.newBuilder().setCpu(0.5).setMemoryMb(256))
        .setConstraints(Constraints.newBuilder().putLabels("zone", "eu"))
        .setNamespace("team-a")
        .setUser("www-data")
        .setGroup("www-data")
        .build();
  }

  private static JobSpec full(Consumer<JobSpec.Builder> change) {
    JobSpec.Builder spec = full().toBuilder();
    change.accept(spec);
    return spec.build();
  }

  private static void restart(JobSpec.Builder spec, Consumer<RestartPolicy.Builder> change) {
    change.accept(spec.getRestartBuilder());
  }

  @Test
  void aValidFullSpecHasNoProblems() {
    assertThat(JobSpecs.problems(full())).isEmpty();
  }

  @Test
  void aNameAndACommandAreEnough() {
    assertThat(JobSpecs.problems(JobSpec.newBuilder().setName("a").setCommand("sleep").build()))
        .isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    assertThat(JobSpecs.problems(JobSpec.getDefaultInstance()))
        .containsExactly("name: required", "command: required");
  }

  static Stream<Arguments> brokenSpecs() {
    return Stream.of(
        broken("no name", s -> s.setName(""), "name: required"),
        broken("a name starting with '-'", s -> s.setName("-web"),
            "name: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit"),
        broken("a name with a slash", s -> s.setName("a/b"), "name: use 1-63"),
        broken("a 64 character name", s -> s.setName("n".repeat(64)), "name: use 1-63"),
        broken("a blank command", s -> s.setCommand("  "), "command: required"),
        broken("negative instances", s -> s.setInstances(-1), "instances: must be 1-1000"),
        broken("1001 instances", s -> s.setInstances(1001), "instances: must be 1-1000"),
        broken("a relative workdir", s -> s.setWorkdir("srv/web"),
            "workdir: must be an absolute path"),
        broken("an env name starting with a digit", s -> s.putEnv("1PORT", "x"),
            "env.1PORT: not a valid variable name"),
        broken("an env name with '='", s -> s.putEnv("A=B", "x"),
            "env.A=B: not a valid variable name"),
        broken("a run's identity in env", s -> s.putEnv("SNOWFOX_RUN_ID", "fake.0.0"),
            "env.SNOWFOX_RUN_ID: set by SnowFox for each run, not by the spec"),
        broken("an unknown restart mode", s -> restart(s, r -> r.setModeValue(42)),
            "restart.policy: must be never, on-failure or always"),
        broken("negative max_restarts", s -> restart(s, r -> r.setMaxRestarts(-1)),
            "restart.max_restarts: must be 0-10000"),
        broken("too many max_restarts", s -> restart(s, r -> r.setMaxRestarts(10_001)),
            "restart.max_restarts: must be 0-10000"),
        broken("a negative backoff", s -> restart(s, r -> r.setBackoffMillis(-1)),
            "restart.backoff: must not be negative"),
        broken("a max_backoff below the backoff", s -> restart(s, r -> r.setMaxBackoffMillis(499)),
            "restart.max_backoff: must be at least restart.backoff"),
        broken("a negative max_backoff", s -> restart(s, r -> r.setMaxBackoffMillis(-1)),
            "restart.max_backoff: must be at least restart.backoff"),
        broken("a negative kill_timeout", s -> s.setKillTimeoutMillis(-1),
            "kill_timeout: must be between 0s and 1h"),
        broken("a kill_timeout over an hour", s -> s.setKillTimeoutMillis(3_600_001),
            "kill_timeout: must be between 0s and 1h"),
        broken("negative cpu", s -> s.getResourcesBuilder().setCpu(-0.1),
            "resources.cpu: must not be negative"),
        broken("NaN cpu", s -> s.getResourcesBuilder().setCpu(Double.NaN),
            "resources.cpu: must not be negative"),
        broken("negative memory", s -> s.getResourcesBuilder().setMemoryMb(-1),
            "resources.memory_mb: must not be negative"),
        broken("a user with a space", s -> s.setUser("www data"),
            "user: not a valid user name"),
        broken("a group with a colon", s -> s.setGroup("www:data"),
            "group: not a valid group name"));
  }

  private static Arguments broken(String what, Consumer<JobSpec.Builder> change,
      String problem) {
    return Arguments.of(what, full(change), problem);
  }

  @ParameterizedTest(name = "{0}: \"{2}\"")
  @MethodSource("brokenSpecs")
  void eachRuleNamesItsField(String what, JobSpec spec, String problem) {
    assertThat(JobSpecs.problems(spec)).singleElement(STRING).startsWith(problem);
  }

  @Test
  void limitsThemselvesAreAccepted() {
    JobSpec atTheLimits = full(s -> {
      s.setName("n".repeat(63)).setInstances(1000).setKillTimeoutMillis(3_600_000);
      restart(s, r -> r.setMaxRestarts(10_000).setBackoffMillis(0).setMaxBackoffMillis(0));
    });

    assertThat(JobSpecs.problems(atTheLimits)).isEmpty();
    assertThat(JobSpecs.problems(full(s -> restart(s, r -> r.setMaxRestarts(0))))).isEmpty();
  }

  @Test
  void defaultsFillWhatTheUserLeftOut() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setName("a").setCommand("b")
        .build());

    assertThat(spec.getInstances()).isEqualTo(1);
    assertThat(spec.getRestart().getMode()).isEqualTo(RestartMode.RESTART_MODE_NEVER);
    assertThat(spec.getRestart().hasMaxRestarts()).isFalse();
    assertThat(spec.getRestart().getBackoffMillis()).isEqualTo(1_000);
    assertThat(spec.getRestart().getMaxBackoffMillis()).isEqualTo(60_000);
    assertThat(spec.getKillTimeoutMillis()).isEqualTo(10_000);
  }

  @Test
  void onFailureGetsThreeRestartsAndAlwaysNoLimit() {
    JobSpec onFailure = JobSpecs.withDefaults(JobSpec.newBuilder().setRestart(
        RestartPolicy.newBuilder().setMode(RestartMode.RESTART_MODE_ON_FAILURE)).build());
    JobSpec always = JobSpecs.withDefaults(JobSpec.newBuilder().setRestart(
        RestartPolicy.newBuilder().setMode(RestartMode.RESTART_MODE_ALWAYS)).build());

    assertThat(onFailure.getRestart().getMaxRestarts()).isEqualTo(3);
    assertThat(always.getRestart().hasMaxRestarts()).isFalse();
  }

  @Test
  void aJobWithoutANamespaceBelongsToTheDefaultOne() {
    assertThat(JobSpecs.withDefaults(JobSpec.getDefaultInstance()).getNamespace())
        .isEqualTo("default");
    assertThat(JobSpecs.problems(full(s -> s.setNamespace("../etc"))))
        .contains("namespace: use 1-63 lower-case letters, digits or '-', starting with a"
            + " letter or digit");
  }

  @Test
  void valuesTheUserGaveAreKept() {
    JobSpec spec = full(s -> restart(s, r -> r.setMaxRestarts(0)));

    assertThat(JobSpecs.withDefaults(spec)).isEqualTo(spec);
  }

  @Test
  void aLongBackoffRaisesTheDefaultCap() {
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setRestart(
        RestartPolicy.newBuilder().setBackoffMillis(120_000)).build());

    assertThat(spec.getRestart().getMaxBackoffMillis()).isEqualTo(120_000);
  }
}
