package io.snowfox.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Text in aligned columns under a header line. Widths are measured on the plain text, so a
 * column of states can be coloured without breaking the alignment.
 */
final class Table {

  /** Spaces between two columns. */
  static final String GAP = "  ";

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private int stateColumn = -1;

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Colours the cells of this column as job or instance states. */
  Table stateColumn(String header) {
    stateColumn = headers.indexOf(header);
    if (stateColumn < 0) {
      throw new IllegalArgumentException("no column " + header);
    }
    return this;
  }

  /** Adds a row; null cells are shown as "-". */
  Table add(Object... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
          + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null || cell.toString().isEmpty() ? "-" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  /** The header line and one line per row, without trailing spaces. */
  List<String> lines(Terminal terminal) {
    return lines(terminal, widths(null), true);
  }

  /**
   * The widths of the columns: each that of its header, its longest cell, or its width in
   * {@code atLeast} (null: none), whichever is widest. A table printed in parts (a page of rows at a time)
   * keeps its columns aligned when each part is measured against the widths of those before.
   */
  int[] widths(int[] atLeast) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = Math.max(atLeast == null ? 0 : atLeast[c], headers.get(c).length());
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    return widths;
  }

  /** One line per row in columns of these widths, after the header line when asked. */
  List<String> lines(Terminal terminal, int[] widths, boolean header) {
    List<String> lines = new ArrayList<>();
    if (header) {
      lines.add(line(headers, widths, terminal, false));
    }
    for (List<String> row : rows) {
      lines.add(line(row, widths, terminal, true));
    }
    return lines;
  }

  void print(PrintWriter out, Terminal terminal) {
    lines(terminal).forEach(out::println);
  }

  private String line(List<String> cells, int[] widths, Terminal terminal, boolean colour) {
    StringBuilder line = new StringBuilder();
    int last = cells.size() - 1;
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String padded = c == last ? cell : String.format("%-" + widths[c] + "s", cell);
      line.append(c == stateColumn && colour ? terminal.state(cell, padded) : padded);
      if (c < last) {
        line.append(GAP);
      }
    }
    return line.toString();
  }
}
