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
  void cpuAndMemoryGivenAreTheNodesCapacity() {
    DaemonOptions options = parse("--cpu", "2.5", "--memory-mb", "4096");

    options.validate();
    assertThat(options.capacity()).isEqualTo(new NodeCapacity(2.5, 4096));
    assertThat(options.capacitySources()).isEqualTo("cpu: --cpu, memory: --memory-mb");
  }

  @Test
  void capacityDefaultsToWhatTheMachineHas() {
    DaemonOptions options = parse();

    options.validate();
    assertThat(options.capacity().cpu())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    long physical = ((com.sun.management.OperatingSystemMXBean) java.lang.management
        .ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize() / (1024 * 1024);
    assertThat(options.capacity().memoryMb()).isEqualTo(physical).isPositive();
    assertThat(options.capacitySources()).isEqualTo("cpu: this machine's, memory: this machine's");
  }

  @Test
  void oneOfCpuAndMemoryGivenLeavesTheOtherToTheMachine() {
    assertThat(parse("--cpu", ".5").capacity().cpu()).isEqualTo(0.5);
    assertThat(parse("--memory-mb", "512").capacity())
        .isEqualTo(new NodeCapacity(Runtime.getRuntime().availableProcessors(), 512));
  }

  @ParameterizedTest(name = "--cpu {0}")
  @ValueSource(strings = {"0", "0.0", "-1", "abc", "NaN", "Infinity", "1e3", "0x10", "2.", "2d",
      ""})
  void cpuThatIsNotADecimalAbove0IsRejectedAtStart(String value) {
    assertThatThrownBy(() -> parse("--cpu", value))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("Invalid value for option '--cpu': invalid --cpu '" + value + "': give the "
            + "cores this node offers to jobs, a decimal number greater than 0, for example 4 "
            + "or 0.5");
  }

  @ParameterizedTest(name = "--memory-mb {0}")
  @ValueSource(strings = {"0", "-512", "1.5", "010x", "0x10", "lots", "99999999999999999999"})
  void memoryThatIsNotAWholeNumberAbove0IsRejectedAtStart(String value) {
    assertThatThrownBy(() -> parse("--memory-mb", value))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("invalid --memory-mb '" + value + "': give the memory this node "
            + "offers to jobs in MiB, a whole number greater than 0");
  }

  @Test
  void theNodesEntryCarriesItsCapacityNextToItsLabels() {
    DaemonCommand command = new DaemonCommand();
    new CommandLine(command).parseArgs("--label", "zone=a", "--cpu", "1.5", "--memory-mb", "768");

    io.vertx.core.json.JsonObject entry = new DaemonProcess(command.daemon, command.api,
        command.manager, command.identity).nodeEntry("n1");

    assertThat(entry.getString("node_id")).isEqualTo("n1");
    assertThat(entry.getJsonObject("labels").getMap()).containsExactly(
        java.util.Map.entry("zone", "a"));
    assertThat(entry.getValue("cpu")).isEqualTo(1.5);
    assertThat(entry.getValue("memory_mb")).isEqualTo(768L);
  }

  @Test
  void capacityCanComeFromTheEnvironment() {
    DaemonCommand command = new DaemonCommand();
    new CommandLine(command).setDefaultValueProvider(new io.snowfox.runtime.config.Settings(
        java.util.Map.of("SNOWFOX_CPU", "3", "SNOWFOX_MEMORY_MB", "2048"))).parseArgs();

    assertThat(command.daemon.capacity()).isEqualTo(new NodeCapacity(3, 2048));
  }

  @Test
  void noApiTurnsTheApiOff() {
    assertThat(parse("--no-api").apiEnabled()).isFalse();
  }
}
