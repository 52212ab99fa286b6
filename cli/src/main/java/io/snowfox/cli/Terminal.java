package io.snowfox.cli;

/** Colours for people at a terminal; plain text for pipes and files. */
final class Terminal {

  private final boolean ansi;

  private Terminal(boolean ansi) {
    this.ansi = ansi;
  }

  static Terminal detect() {
    return new Terminal(System.console() != null && System.getenv("NO_COLOR") == null);
  }

  /** A status word, padded to a fixed width and coloured when at a terminal. */
  String colour(String status) {
    String padded = String.format("%-6s", status);
    if (!ansi) {
      return padded;
    }
    String code;
    switch (status) {
      case "GREEN":
        code = "32";
        break;
      case "YELLOW":
        code = "33";
        break;
      default:
        code = "31";
    }
    return "\u001b[" + code + "m" + padded + "\u001b[0m";
  }
}
