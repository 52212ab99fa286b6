package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTest {

  @ParameterizedTest
  @CsvSource({
      "running, 32", "complete, 32", "exited, 32",
      "pending, 33", "starting, 33", "stopping, 33", "stopped, 33",
      "failed, 31", "killed, 31", "lost, 31",
      "GREEN, 32", "YELLOW, 33", "RED, 31", "UNREACHABLE, 31"})
  void statesAreColouredByHowTheyAre(String state, String code) {
    assertThat(Terminal.ansi().state(state, state))
        .isEqualTo("\u001b[" + code + "m" + state + "\u001b[0m");
  }

  @ParameterizedTest
  @CsvSource({"running", "failed"})
  void plainTerminalLeavesStatesAlone(String state) {
    assertThat(Terminal.plain().state(state, state)).isEqualTo(state);
  }
}
