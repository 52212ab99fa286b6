package io.snowfox.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.snowfox.runtime.cluster.ClusterOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class SettingsTest {

  @Command(name = "test-role", mixinStandardHelpOptions = true)
  static final class TestCommand {
    @Mixin ClusterOptions cluster;

    @Option(names = "--grace", converter = Durations.Converter.class, defaultValue = "1500ms")
    Duration grace;
  }

  private final Logger log = (Logger) LoggerFactory.getLogger("io.snowfox.test.settings");
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @BeforeEach
  void captureLog() {
    captured.start();
    log.addAppender(captured);
    log.setLevel(Level.INFO);
    log.setAdditive(false);
  }

  @AfterEach
  void releaseLog() {
    log.detachAppender(captured);
    log.setLevel(null);
    log.setAdditive(true);
  }

  private static CommandLine parse(Settings settings, String... args) {
    CommandLine command = new CommandLine(new TestCommand()).setDefaultValueProvider(settings);
    command.parseArgs(args);
    return command;
  }

  private static TestCommand options(CommandLine command) {
    return command.getCommand();
  }

  private String loggedSettings(Settings settings, String... args) {
    CommandLine command = parse(settings, args);
    settings.log(log, command.getCommandSpec());
    assertThat(captured.list).hasSize(1);
    assertThat(captured.list.get(0).getLevel()).isEqualTo(Level.INFO);
    return captured.list.get(0).getFormattedMessage();
  }

  @Test
  void environmentVariableBecomesTheDefault() {
    Settings settings = new Settings(Map.of(
        "SNOWFOX_CLUSTER_NAME", "blue",
        "SNOWFOX_CLUSTER_PORT", "5801",
        "SNOWFOX_GRACE", "2s"));

    TestCommand options = options(parse(settings));

    assertThat(options.cluster.clusterName()).isEqualTo("blue");
    assertThat(options.cluster.clusterPort()).isEqualTo(5801);
    assertThat(options.grace).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void flagWinsOverTheEnvironment() {
    Settings settings = new Settings(Map.of("SNOWFOX_CLUSTER_NAME", "blue"));

    TestCommand options = options(parse(settings, "--cluster-name", "green"));

    assertThat(options.cluster.clusterName()).isEqualTo("green");
  }

  @Test
  void withoutEnvironmentTheBuiltInDefaultsApply() {
    TestCommand options = options(parse(new Settings(Map.of())));

    assertThat(options.cluster.clusterName()).isEqualTo(ClusterOptions.DEFAULT_CLUSTER_NAME);
    assertThat(options.cluster.clusterPort()).isEqualTo(ClusterOptions.DEFAULT_CLUSTER_PORT);
    assertThat(options.cluster.bindHost()).isEqualTo(ClusterOptions.DEFAULT_BIND_HOST);
    assertThat(options.cluster.seeds()).isEmpty();
    assertThat(options.grace).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void environmentCanGiveSeveralSeeds() {
    Settings settings = new Settings(Map.of("SNOWFOX_SEED", "10.0.0.1:5701,10.0.0.2:5701"));

    TestCommand options = options(parse(settings));

    assertThat(options.cluster.seeds()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
  }

  @ParameterizedTest(name = "{0} is set by {1}")
  @CsvSource(delimiter = '|', textBlock = """
      --cluster-name            | SNOWFOX_CLUSTER_NAME
      --failure-timeout-seconds | SNOWFOX_FAILURE_TIMEOUT_SECONDS
      --seed                    | SNOWFOX_SEED
      --grace                   | SNOWFOX_GRACE
      """)
  void environmentNameIsTheOptionInUpperSnakeCase(String option, String variable) {
    CommandLine command = parse(new Settings(Map.of()));

    assertThat(Settings.environmentName(command.getCommandSpec().findOption(option)))
        .isEqualTo(variable);
  }

  @Test
  void logSaysWhereEveryValueCameFrom() {
    Settings settings = new Settings(Map.of(
        "SNOWFOX_CLUSTER_NAME", "blue",
        "SNOWFOX_CLUSTER_PORT", "6000"));

    String logged = loggedSettings(settings, "--cluster-port", "5801", "--node-id", "n1");

    List<String> lines = logged.lines().toList();
    assertThat(lines.get(0)).isEqualTo("settings of 'test-role'");
    assertThat(lines).contains(
        "  --node-id = n1  (flag)",
        "  --cluster-port = 5801  (flag)",
        "  --cluster-name = blue  (environment SNOWFOX_CLUSTER_NAME)",
        "  --bind = 127.0.0.1  (default)",
        "  --heartbeat-seconds = 1  (default)",
        "  --grace = 1500ms  (default)");
  }

  @Test
  void logShowsDurationsAsPeopleWriteThem() {
    String logged = loggedSettings(new Settings(Map.of("SNOWFOX_GRACE", "2m")));

    assertThat(logged).contains("  --grace = 2m  (environment SNOWFOX_GRACE)");
  }

  @Test
  void logLeavesOutHelpAndVersion() {
    String logged = loggedSettings(new Settings(Map.of()));

    assertThat(logged).doesNotContain("--help").doesNotContain("--version");
  }
}
