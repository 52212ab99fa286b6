package io.snowfox.it;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The JSON log lines of every process of every node (each node's {@code logs/*.log}, which
 * every incarnation of the node appends to), read once at the end of a run, in time order.
 */
final class ChaosLogs {

  private static final List<String> LEADERSHIP = List.of("this manager leads", "standing by",
      "another manager leads now", "could not take the lead");

  /** One line: its time, who wrote it and what it says. */
  record Line(String time, String node, String role, String level, String message) {
    @Override
    public String toString() {
      return time + " " + role + "@" + node + " " + level + " " + message;
    }
  }

  private final List<Line> lines;

  private ChaosLogs(List<Line> lines) {
    this.lines = lines;
  }

  static ChaosLogs read(List<Path> dataDirs) {
    List<Line> all = new ArrayList<>();
    for (Path dataDir : dataDirs) {
      Path logs = dataDir.resolve("logs");
      if (!Files.isDirectory(logs)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(logs, "*.log")) {
        for (Path file : files) {
          for (String text : Files.readAllLines(file)) {
            parse(text).ifPresent(all::add);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the logs in " + logs, e);
      }
    }
    all.sort(Comparator.comparing(Line::time));
    return new ChaosLogs(all);
  }

  private static java.util.Optional<Line> parse(String text) {
    try {
      JsonObject json = new JsonObject(text);
      return java.util.Optional.of(new Line(json.getString("time", ""),
          json.getString("node", ""), json.getString("role", ""), json.getString("level", ""),
          json.getString("message", "")));
    } catch (DecodeException | ClassCastException e) {
      return java.util.Optional.empty(); // a line cut by a kill -9
    }
  }

  /** The first {@code atMost} lines whose message mentions {@code text}. */
  List<Line> mentioning(String text, int atMost) {
    return lines.stream().filter(line -> line.message().contains(text)).limit(atMost).toList();
  }

  /** What each manager said about leading, in time order. */
  List<Line> leadership() {
    return lines.stream()
        .filter(line -> LEADERSHIP.stream().anyMatch(line.message()::contains))
        .toList();
  }
}
