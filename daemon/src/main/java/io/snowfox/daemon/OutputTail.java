package io.snowfox.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Copies a child's stderr to the daemon's stderr and keeps its last lines: when a child dies at
 * start-up (a bad JVM option, a fatal error), they say why.
 */
final class OutputTail {

  static final int KEPT_LINES = 20;

  private final Deque<String> lines = new ArrayDeque<>();
  private Thread pump;

  /** Starts a daemon thread that drains {@code stream} until the child closes it. */
  static OutputTail follow(String name, InputStream stream, PrintStream echo) {
    OutputTail tail = new OutputTail();
    Thread pump = new Thread(() -> {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          echo.println(line);
          tail.add(line);
        }
      } catch (IOException e) {
        // the child is gone; what was read is kept
      }
    }, "snowfox-" + name + "-stderr");
    pump.setDaemon(true);
    tail.pump = pump;
    pump.start();
    return tail;
  }

  /** Waits (blocking) until the child's last lines have been read, at most {@code millis}. */
  void awaitEnd(long millis) {
    try {
      pump.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized void add(String line) {
    if (lines.size() == KEPT_LINES) {
      lines.removeFirst();
    }
    lines.addLast(line);
  }

  /** The last non-blank line that is not the JVM's generic closing line, or "". */
  synchronized String lastMeaningfulLine() {
    String fallback = "";
    var it = lines.descendingIterator();
    while (it.hasNext()) {
      String line = it.next().strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("Error: Could not create the Java Virtual Machine")
          || line.startsWith("Error: A fatal exception has occurred")) {
        fallback = fallback.isEmpty() ? line : fallback;
        continue;
      }
      return line;
    }
    return fallback;
  }
}
