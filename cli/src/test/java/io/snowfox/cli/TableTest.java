package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  private static Table jobs() {
    return new Table("ID", "STATE", "NOTE").stateColumn("STATE")
        .add("web-1", "running", "up")
        .add("batch-22", "failed", null);
  }

  @Test
  void columnsAreAsWideAsTheirWidestCellWithTwoSpacesBetween() {
    assertThat(jobs().lines(Terminal.plain())).containsExactly(
        "ID        STATE    NOTE",
        "web-1     running  up",
        "batch-22  failed   -");
  }

  @Test
  void aTablePrintedInPartsKeepsItsColumnsAsWideAsTheWidestCellSoFar() {
    Table first = new Table("ID", "STATE").add("a-long-job-id", "running");
    int[] widths = first.widths(null);
    Table second = new Table("ID", "STATE").add("b", "stopped");

    List<String> lines = new ArrayList<>(first.lines(Terminal.plain(), widths, true));
    lines.addAll(second.lines(Terminal.plain(), second.widths(widths), false));

    assertThat(lines).containsExactly(
        "ID             STATE",
        "a-long-job-id  running",
        "b              stopped");
  }

  @Test
  void linesHaveNoTrailingSpaces() {
    List<String> lines = new Table("A", "B").add("x", "").add("longer", "y")
        .lines(Terminal.plain());

    assertThat(lines).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
  }

  @Test
  void colouredStatesKeepTheColumnsAligned() {
    List<String> plain = jobs().lines(Terminal.plain());
    List<String> coloured = jobs().lines(Terminal.ansi());

    assertThat(coloured.get(1)).contains("\u001b[32mrunning\u001b[0m");
    assertThat(coloured.get(2)).contains("\u001b[31mfailed \u001b[0m");
    assertThat(coloured).map(line -> line.replaceAll("\u001b\\[\\d+m", ""))
        .containsExactlyElementsOf(plain);
  }

  @Test
  void headerIsNeverColoured() {
    assertThat(jobs().lines(Terminal.ansi()).get(0)).doesNotContain("\u001b");
  }

  @Test
  void rowOfTheWrongWidthIsRefused() {
    assertThatThrownBy(() -> new Table("A", "B").add("only one"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
