package io.snowfox.daemon.trace;

import io.snowfox.protocol.Micros;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.LogEntry;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.Roles;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the JSON log lines of one correlation id in a node's log directory, live and rotated
 * files alike, without loading whole files: each file is read into one reused block at a time,
 * and the block's bytes are searched for the exact JSON of the id; only matching lines are
 * decoded and parsed.
 * Blocking: run it on a worker thread.
 */
public final class LogSearch {

  /** Entries returned when the request does not say. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  static final int BLOCK_BYTES = 4 * 1024 * 1024;
  private static final byte[] NEWLINE = {'\n'};

  /** What a search found. */
  public record Result(List<LogEntry> entries, boolean truncated, long bytesScanned) {}

  private LogSearch() {}

  /** Every line carrying {@code correlationId} in the {@code *.log} files of {@code dir}. */
  public static Result search(Path dir, String correlationId, int maxEntries) throws IOException {
    int limit = maxEntries <= 0 ? DEFAULT_MAX_ENTRIES : maxEntries;
    byte[] needle = ("\"correlation_id\":\"" + correlationId + "\"")
        .getBytes(StandardCharsets.UTF_8);
    List<LogEntry> entries = new ArrayList<>();
    long scanned = 0;
    boolean truncated = false;
    if (!Files.isDirectory(dir)) {
      return new Result(entries, false, 0);
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.log")) {
      for (Path file : files) {
        scanned += scan(file, needle, correlationId, entries, limit);
        if (entries.size() >= limit) {
          truncated = true;
          break;
        }
      }
    }
    return new Result(entries, truncated, scanned);
  }

  private static long scan(Path file, byte[] needle, String correlationId, List<LogEntry> into,
      int limit) throws IOException {
    byte[] block = new byte[BLOCK_BYTES];
    long scanned = 0;
    int carried = 0;
    try (InputStream in = Files.newInputStream(file)) {
      while (true) {
        int read = in.readNBytes(block, carried, block.length - carried);
        int filled = carried + read;
        if (filled == 0) {
          break;
        }
        boolean last = read == 0 || filled < block.length;
        int end = last ? filled : lastNewline(block, filled) + 1;
        if (end <= 0) {
          end = filled; // a line longer than a block: search it as it is
        }
        scanned += end;
        int hit = indexOf(block, 0, end, needle);
        while (hit >= 0 && into.size() < limit) {
          int lineStart = lastNewline(block, hit) + 1;
          int lineEnd = indexOf(block, hit, end, NEWLINE);
          if (lineEnd < 0) {
            lineEnd = end;
          }
          LogEntry entry = parse(new String(block, lineStart, lineEnd - lineStart,
              StandardCharsets.UTF_8), correlationId);
          if (entry != null) {
            into.add(entry);
          }
          hit = indexOf(block, lineEnd, end, needle);
        }
        carried = filled - end;
        System.arraycopy(block, end, block, 0, carried);
        if (last && carried == 0) {
          break;
        }
        if (read == 0) {
          break;
        }
      }
    }
    return scanned;
  }

  /**
   * Where {@code needle} first starts in {@code haystack[from, to)}, or -1. The block is searched
   * as it was read: a String of each block (for {@code String.indexOf}) was a 4 MiB copy per
   * block, which in a daemon's small young generation went straight to the old one and cost a
   * full collection every other block.
   */
  static int indexOf(byte[] haystack, int from, int to, byte[] needle) {
    byte first = needle[0];
    int last = to - needle.length;
    for (int i = from; i <= last; i++) {
      if (haystack[i] == first && matchesAt(haystack, i, needle)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesAt(byte[] haystack, int at, byte[] needle) {
    for (int j = 1; j < needle.length; j++) {
      if (haystack[at + j] != needle[j]) {
        return false;
      }
    }
    return true;
  }

  private static int lastNewline(byte[] block, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (block[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The entry of one JSON log line, or null when it is not one of ours. */
  static LogEntry parse(String line, String correlationId) {
    JsonObject json;
    try {
      json = new JsonObject(line);
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
    if (!correlationId.equals(json.getString("correlation_id"))) {
      return null;
    }
    LogEntry.Builder entry = LogEntry.newBuilder()
        .setTimeMicros(micros(json.getString("time", "")))
        .setNodeId(json.getString("node", ""))
        .setRole(json.getString("role", ""))
        .setLevel(json.getString("level", ""))
        .setKind(json.getString("kind", ""))
        .setMessage(json.getString("message", ""))
        .setLogger(json.getString("logger", ""))
        .setTenant(json.getString("tenant", ""));
    String spanId = json.getString("span_id");
    if (spanId != null) {
      Endpoint.Builder at = Endpoint.newBuilder().setNodeId(entry.getNodeId());
      try {
        at.setRole(Roles.parse(entry.getRole()));
      } catch (IllegalArgumentException e) {
        // an unknown role: leave it unspecified
      }
      entry.setSpan(Span.newBuilder()
          .setSpanId(spanId)
          .setParentSpanId(json.getString("parent_span_id", ""))
          .setName(json.getString("span_name", ""))
          .setAt(at)
          .setStartMicros(json.getLong("span_start_us", 0L))
          .setDurationMicros(json.getLong("duration_us", 0L)));
    }
    return entry.build();
  }

  private static long micros(String time) {
    try {
      return Micros.of(OffsetDateTime.parse(time).toInstant());
    } catch (RuntimeException e) {
      return 0;
    }
  }
}
