package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.daemon.DaemonCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

class SnowfoxMainTest {

  @Test
  void noArgumentsStartsADaemon() {
    assertThat(SnowfoxMain.withDefaultCommand(new String[0])).containsExactly("daemon");
  }

  @Test
  void optionsWithoutACommandAreTheDaemons() {
    String[] line = SnowfoxMain.withDefaultCommand(
        new String[] {"--data-dir", "/srv/snowfox", "--http-port", "8080"});

    assertThat(line).containsExactly("daemon", "--data-dir", "/srv/snowfox", "--http-port", "8080");
    ParseResult parsed = SnowfoxMain.commandLine().parseArgs(line);
    assertThat(parsed.subcommand().commandSpec().userObject()).isInstanceOf(DaemonCommand.class);
    assertThat(parsed.subcommand().<Object>matchedOptionValue("--data-dir", null))
        .hasToString("/srv/snowfox");
  }

  @Test
  void generatesACompletionScriptForBashAndZsh() {
    java.io.StringWriter out = new java.io.StringWriter();
    int code = SnowfoxMain.commandLine().setOut(new java.io.PrintWriter(out, true))
        .execute("generate-completion");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("complete -F _complete_snowfox")
        .contains("bashcompinit") // zsh loads it through bash's completion
        .contains("drain").contains("logs").contains("--data-dir");
  }

  @Test
  void commandsHelpAndVersionAreLeftAlone() {
    assertThat(SnowfoxMain.withDefaultCommand(new String[] {"job", "list"}))
        .containsExactly("job", "list");
    assertThat(SnowfoxMain.withDefaultCommand(new String[] {"--help"})).containsExactly("--help");
    assertThat(SnowfoxMain.withDefaultCommand(new String[] {"-V"})).containsExactly("-V");
  }
}
