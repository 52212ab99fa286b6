package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** How the job and nodes commands read their arguments; nothing here reaches an API. */
class JobCommandsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private CommandLine cli() {
    return SnowfoxMain.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true));
  }

  /** The command object the last subcommand of {@code args} was parsed into. */
  private static <T> T parsed(Class<T> type, String... args) {
    ParseResult result = SnowfoxMain.commandLine().parseArgs(args);
    while (result.hasSubcommand()) {
      result = result.subcommand();
    }
    return type.cast(result.commandSpec().userObject());
  }

  @Test
  void jobAndNodesAreCommandsOfSnowfox() {
    CommandLine cli = cli();

    assertThat(cli.getSubcommands()).containsKeys("job", "nodes", "node");
    assertThat(cli.getSubcommands().get("job").getSubcommands())
        .containsOnlyKeys("run", "list", "status", "stop", "logs");
  }

  @Test
  void runReadsTheFileTheWaitFlagAndTheApiOptions() {
    JobRunCommand run = parsed(JobRunCommand.class, "job", "run", "examples/hello.yaml",
        "--wait", "--api", "http://10.0.0.1:7070", "--timeout", "2s", "--json");

    assertThat(run.file).isEqualTo(Path.of("examples/hello.yaml"));
    assertThat(run.await).isTrue();
    assertThat(run.api.url).isEqualTo("http://10.0.0.1:7070");
    assertThat(run.api.timeout).isEqualTo(Duration.ofSeconds(2));
    assertThat(run.api.json).isTrue();
  }

  @Test
  void runDoesNotWaitUnlessAsked() {
    JobRunCommand run = parsed(JobRunCommand.class, "job", "run", "spec.json");

    assertThat(run.await).isFalse();
    assertThat(run.api.json).isFalse();
  }

  @Test
  void listTakesAnOptionalState() {
    assertThat(parsed(JobListCommand.class, "job", "list").state).isNull();
    assertThat(parsed(JobListCommand.class, "job", "list", "--state", "running").state)
        .isEqualTo("running");
  }

  @Test
  void statusAndStopTakeTheJobId() {
    assertThat(parsed(JobStatusCommand.class, "job", "status", "web-1a2b").jobId)
        .isEqualTo("web-1a2b");
    assertThat(parsed(JobStopCommand.class, "job", "stop", "web-1a2b").jobId)
        .isEqualTo("web-1a2b");
  }

  @Test
  void logsDefaultToAllOfStdoutOfInstanceZeroWithoutFollowing() {
    JobLogsCommand logs = parsed(JobLogsCommand.class, "job", "logs", "web-1a2b");

    assertThat(logs.jobId).isEqualTo("web-1a2b");
    assertThat(logs.stream()).isEqualTo("stdout");
    assertThat(logs.instance).isZero();
    assertThat(logs.tail).isZero();
    assertThat(logs.follow).isFalse();
  }

  @Test
  void logsReadFollowStderrInstanceAndTail() {
    JobLogsCommand logs = parsed(JobLogsCommand.class, "job", "logs", "web-1a2b", "-f",
        "--stderr", "--instance", "3", "--tail", "20");

    assertThat(logs.follow).isTrue();
    assertThat(logs.stream()).isEqualTo("stderr");
    assertThat(logs.instance).isEqualTo(3);
    assertThat(logs.tail).isEqualTo(20);
    assertThat(parsed(JobLogsCommand.class, "job", "logs", "x", "--follow").follow).isTrue();
  }

  @Test
  void runWithoutFileIsAUsageError() {
    int exit = cli().execute("job", "run");

    assertThat(exit).isEqualTo(SnowfoxMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
  }

  @Test
  void jobWithoutVerbIsAUsageError() {
    assertThat(cli().execute("job")).isEqualTo(SnowfoxMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required subcommand");
  }

  @Test
  void negativeTailIsAUsageError() {
    int exit = cli().execute("job", "logs", "web-1a2b", "--tail", "-1");

    assertThat(exit).isEqualTo(SnowfoxMain.EXIT_USAGE);
    assertThat(err.toString()).contains("error: --instance and --tail must be 0 or more");
  }

  @Test
  void runOfAMissingFileSaysSoAndFails(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    int exit = cli().execute("job", "run", missing.toString(), "--api", "http://127.0.0.1:1");

    assertThat(exit).isEqualTo(SnowfoxMain.EXIT_FAILURE);
    assertThat(err.toString().trim())
        .isEqualTo("error: cannot read " + missing + ": no such file");
    assertThat(out.toString()).isEmpty();
  }
}
