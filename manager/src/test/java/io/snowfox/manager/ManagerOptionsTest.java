package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ManagerOptionsTest {

  private static ManagerOptions parse(String... args) {
    ManagerOptions options = new ManagerOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void endedJobsAreKeptADayByDefault() {
    assertThat(parse().jobRetention()).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void theDaemonHandsTheRetentionOnAsItWasGiven() {
    ManagerOptions given = parse("--job-retention", "90s");

    assertThat(given.asArgs()).containsExactly("--job-retention", "90s", "--standby-copies",
        "2");
    assertThat(parse(given.asArgs().toArray(String[]::new)).jobRetention())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void zeroKeepsJobsForEver() {
    assertThat(parse("--job-retention", "0s").jobRetention()).isZero();
  }

  @Test
  void aRetentionThatIsNotADurationIsRefusedWithTheExpectedForm() {
    assertThatThrownBy(() -> parse("--job-retention", "a week"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("expected a number and a unit");
  }

  @Test
  void twoStandbysKeepCopiesByDefaultAndTheDaemonHandsTheCountOn() {
    assertThat(parse().standbyCopies()).isEqualTo(2);
    ManagerOptions given = parse("--standby-copies", "4");

    assertThat(parse(given.asArgs().toArray(String[]::new)).standbyCopies()).isEqualTo(4);
  }

  @Test
  void fewerThanOneStandbyCopyIsRefused() {
    assertThatThrownBy(() -> parse("--standby-copies", "0"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--standby-copies").hasMessageContaining("at least 1");
    assertThatThrownBy(() -> parse("--standby-copies", "two"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("not a whole number");
  }
}
