package io.snowfox.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.daemon.supervision.Backoff;
import io.snowfox.daemon.supervision.SupervisionPolicy;
import io.snowfox.protocol.v1.Role;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DaemonOptionsTest {

  private static DaemonOptions parse(String... args) {
    DaemonCommand command = new DaemonCommand();
    new CommandLine(command).parseArgs(args);
    return command.daemon;
  }

  @Test
  void jvmOptionGoesToItsRoleOnly() {
    DaemonOptions options = parse("--jvm-opt", "manager=-Xmx256m");

    options.validate();
    assertThat(options.jvmOptions(Role.ROLE_MANAGER)).containsExactly("-Xmx256m");
    assertThat(options.jvmOptions(Role.ROLE_SPAWNER)).isEmpty();
    assertThat(options.jvmOptions(Role.ROLE_API)).isEmpty();
  }

  @Test
  void jvmOptionsKeepTheirOrderAndTheirOwnEqualsSigns() {
    DaemonOptions options = parse("--jvm-opt", "api=-Dsnowfox.x=1", "--jvm-opt", "spawner=-Xss1m",
        "--jvm-opt", "api=-XX:MaxMetaspaceSize=64m");

    options.validate();
    assertThat(options.jvmOptions(Role.ROLE_API))
        .containsExactly("-Dsnowfox.x=1", "-XX:MaxMetaspaceSize=64m");
    assertThat(options.jvmOptions(Role.ROLE_SPAWNER)).containsExactly("-Xss1m");
  }

  @Test
  void jvmOptionRoleIsCaseInsensitiveLikeEveryRoleName() {
    DaemonOptions options = parse("--jvm-opt", "Manager=-Xmx256m");

    options.validate();
    assertThat(options.jvmOptions(Role.ROLE_MANAGER)).containsExactly("-Xmx256m");
  }

  @ParameterizedTest(name = "--jvm-opt {0}")
  @CsvSource(delimiter = '|', textBlock = """
      foo        | invalid --jvm-opt 'foo': expected ROLE=OPTION, for example manager=-Xmx256m
      =-Xmx1g    | invalid --jvm-opt '=-Xmx1g': expected ROLE=OPTION, for example manager=-Xmx256m
      daemon=-X  | invalid --jvm-opt 'daemon=-X': the daemon starts only spawner, manager and api
      client=-X  | invalid --jvm-opt 'client=-X': the daemon starts only spawner, manager and api
      nobody=-X  | invalid --jvm-opt 'nobody=-X': the daemon starts only spawner, manager and api
      """)
  void validateRejectsJvmOptionsNamingTheOption(String value, String message) {
    DaemonOptions options = parse("--jvm-opt", value);

    assertThatThrownBy(options::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0ms", "0s"})
  void validateRejectsANonPositiveStartTimeout(String timeout) {
    DaemonOptions options = parse("--start-timeout", timeout);

    assertThatThrownBy(options::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--start-timeout must be positive");
  }

  @Test
  void badDurationIsRejectedWhileParsing() {
    assertThatThrownBy(() -> parse("--restart-backoff", "1.5s"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("invalid duration '1.5s'");
  }

  @Test
  void policyCarriesTheDurationsGiven() {
    DaemonOptions options = parse("--restart-backoff", "100ms", "--restart-backoff-max", "2s",
        "--crash-loop-threshold", "3", "--stable-after", "10s", "--shutdown-grace", "3s",
        "--start-timeout", "20s");

    options.validate();
    SupervisionPolicy policy = options.policy();
    assertThat(policy.backoff()).isEqualTo(new Backoff(Duration.ofMillis(100),
        Duration.ofSeconds(2), Backoff.DEFAULT_MULTIPLIER, Backoff.DEFAULT_JITTER));
    assertThat(policy.crashLoopThreshold()).isEqualTo(3);
    assertThat(policy.stableAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(policy.shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.terminateGrace()).isEqualTo(SupervisionPolicy.DEFAULT_TERMINATE_GRACE);
    assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void defaultsAreTheSupervisionDefaults() {
    DaemonOptions options = parse();

    options.validate();
    assertThat(options.policy()).isEqualTo(SupervisionPolicy.defaults());
    assertThat(options.startTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(options.apiEnabled()).isTrue();
  }

  @Test
  void noApiTurnsTheApiOff() {
    assertThat(parse("--no-api").apiEnabled()).isFalse();
  }
}
