package io.snowfox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTailTest {

  private static final String CREATE_FAILED =
      "Error: Could not create the Java Virtual Machine.";
  private static final String FATAL =
      "Error: A fatal exception has occurred. Program will exit.";

  private static OutputTail tailOf(List<String> lines) {
    OutputTail tail = new OutputTail();
    lines.forEach(tail::add);
    return tail;
  }

  @Test
  void nothingWrittenMeansNoReason() {
    assertThat(new OutputTail().lastMeaningfulLine()).isEmpty();
  }

  @Test
  void lastLineIsTheReason() {
    assertThat(tailOf(List.of("starting", "java.net.BindException: Address already in use"))
        .lastMeaningfulLine()).isEqualTo("java.net.BindException: Address already in use");
  }

  @Test
  void blankLinesAreSkippedAndTheLineIsStripped() {
    assertThat(tailOf(List.of("  Out of memory  ", "", "   ", "\t")).lastMeaningfulLine())
        .isEqualTo("Out of memory");
  }

  @Test
  void jvmClosingLinesGiveWayToTheLineThatSaysWhy() {
    OutputTail tail = tailOf(List.of(
        "Unrecognized VM option 'UseFoo'", CREATE_FAILED, FATAL, ""));

    assertThat(tail.lastMeaningfulLine()).isEqualTo("Unrecognized VM option 'UseFoo'");
  }

  @Test
  void jvmClosingLinesAloneAreBetterThanNothing() {
    assertThat(tailOf(List.of(CREATE_FAILED, FATAL)).lastMeaningfulLine()).isEqualTo(FATAL);
    assertThat(tailOf(List.of(CREATE_FAILED, "")).lastMeaningfulLine())
        .isEqualTo(CREATE_FAILED);
  }

  @Test
  void keepsTheLastTwentyLines() {
    OutputTail tail = tailOf(List.of("the cause"));
    for (int i = 0; i < OutputTail.KEPT_LINES - 1; i++) {
      tail.add("");
    }
    assertThat(tail.lastMeaningfulLine()).as("cause is line 20 from the end")
        .isEqualTo("the cause");

    tail.add("");

    assertThat(tail.lastMeaningfulLine()).as("cause is line 21 from the end").isEmpty();
  }

  @Test
  void followEchoesTheStreamAndKeepsItsLastLine() {
    byte[] stderr = ("line one\nException in thread \"main\" boom\n" + CREATE_FAILED + "\n")
        .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream echoed = new ByteArrayOutputStream();

    OutputTail tail = OutputTail.follow("test", new ByteArrayInputStream(stderr),
        new PrintStream(echoed, true, StandardCharsets.UTF_8));
    tail.awaitEnd(10_000);

    assertThat(tail.lastMeaningfulLine()).isEqualTo("Exception in thread \"main\" boom");
    assertThat(echoed.toString(StandardCharsets.UTF_8)).isEqualTo(
        "line one" + System.lineSeparator()
            + "Exception in thread \"main\" boom" + System.lineSeparator()
            + CREATE_FAILED + System.lineSeparator());
  }
}
