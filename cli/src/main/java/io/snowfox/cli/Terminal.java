package io.snowfox.cli;

import java.util.Set;

/** Colours for people at a terminal; plain text for pipes and files. */
final class Terminal {

  private static final String GREEN = "32";
  private static final String YELLOW = "33";
  private static final String RED = "31";

  /** Job and instance states that are where they should be, and a node's GREEN. */
  private static final Set<String> GOOD_STATES = Set.of("running", "complete", "exited",
      "GREEN");
  /** Job and instance states on their way somewhere, or ended on request; a node's YELLOW. */
  private static final Set<String> WAITING_STATES =
      Set.of("pending", "starting", "stopping", "stopped", "YELLOW");

  private final boolean ansi;

  private Terminal(boolean ansi) {
    this.ansi = ansi;
  }

  static Terminal detect() {
    return new Terminal(System.console() != null && System.getenv("NO_COLOR") == null);
  }

  /** No colours, whatever the output is. */
  static Terminal plain() {
    return new Terminal(false);
  }

  /** Colours, whatever the output is. */
  static Terminal ansi() {
    return new Terminal(true);
  }

  /** A status word, padded to a fixed width and coloured when at a terminal. */
  String colour(String status) {
    String padded = String.format("%-6s", status);
    switch (status) {
      case "GREEN":
        return paint(padded, GREEN);
      case "YELLOW":
        return paint(padded, YELLOW);
      default:
        return paint(padded, RED);
    }
  }

  /**
   * {@code text}, coloured by the job or instance state {@code state} when at a terminal: green
   * when running or done well, yellow while waiting or when stopped on request, red otherwise
   * (failed, killed, lost). A node's status is coloured as it reads (GREEN, YELLOW; RED and
   * UNREACHABLE red). {@code text} is the state itself, perhaps padded.
   */
  String state(String state, String text) {
    if (GOOD_STATES.contains(state)) {
      return paint(text, GREEN);
    }
    return paint(text, WAITING_STATES.contains(state) ? YELLOW : RED);
  }

  private String paint(String text, String code) {
    return ansi ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
