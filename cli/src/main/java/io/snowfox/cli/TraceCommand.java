package io.snowfox.cli;

import io.snowfox.api.client.SnowfoxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code snowfox trace CID}: what happened to a request, hop by hop, on every node. */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = "Show every log line and span of one correlation id, from every node.")
final class TraceCommand extends ClientCommand {

  @Parameters(paramLabel = "CORRELATION_ID", description = "The id, as printed by other commands.")
  String correlationId;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    JsonObject trace = client.trace(correlationId);
    if (json()) {
      printJson(trace);
      return 0;
    }
    JsonArray entries = trace.getJsonArray("entries", new JsonArray());
    JsonArray nodes = trace.getJsonArray("nodes", new JsonArray());
    out.printf("trace %s: %d line(s) from %d node(s)%s%n", correlationId, entries.size(),
        nodes.size(), trace.getBoolean("partial", false) ? " (partial: "
            + unanswered(nodes) + " did not answer)" : "");
    JsonArray spans = trace.getJsonArray("spans", new JsonArray());
    if (!spans.isEmpty()) {
      out.println("hops");
      spanTree(spans).forEach(out::println);
    }
    out.println("timeline");
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      out.printf("  %s  %-8s %-7s %-5s %-18s %s%n", clock(entry.getString("time", "")),
          entry.getString("node", ""), entry.getString("role", ""),
          entry.getString("level", ""), entry.getString("kind", ""),
          entry.getString("message", "").replace('\n', ' '));
    }
    return 0;
  }

  /** The spans as an indented tree, children under their parent, each with its duration. */
  static List<String> spanTree(JsonArray spans) {
    Map<String, List<JsonObject>> children = new HashMap<>();
    Set<String> ids = new HashSet<>();
    List<JsonObject> all = new ArrayList<>();
    for (int i = 0; i < spans.size(); i++) {
      JsonObject span = spans.getJsonObject(i);
      all.add(span);
      ids.add(span.getString("span_id"));
    }
    all.sort(Comparator.comparing(s -> s.getString("start", "")));
    List<JsonObject> roots = new ArrayList<>();
    for (JsonObject span : all) {
      String parent = span.getString("parent_span_id", "");
      if (ids.contains(parent)) {
        children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    List<String> lines = new ArrayList<>();
    roots.forEach(root -> walk(root, 1, children, lines));
    return lines;
  }

  private static void walk(JsonObject span, int depth, Map<String, List<JsonObject>> children,
      List<String> lines) {
    String label = "  ".repeat(depth) + span.getString("name", "?");
    lines.add(String.format("%-70s %10s  %s", label,
        millis(span.getLong("duration_us", 0L)), span.getString("node", "")));
    children.getOrDefault(span.getString("span_id"), List.of())
        .forEach(child -> walk(child, depth + 1, children, lines));
  }

  static String millis(long micros) {
    return String.format("%.1f ms", micros / 1000.0);
  }

  private static String clock(String isoTime) {
    int t = isoTime.indexOf('T');
    return t < 0 ? isoTime : isoTime.substring(t + 1).replace("Z", "");
  }

  private static String unanswered(JsonArray nodes) {
    List<String> silent = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      if (!nodes.getJsonObject(i).getBoolean("answered", false)) {
        silent.add(nodes.getJsonObject(i).getString("node_id"));
      }
    }
    return String.join(", ", silent);
  }
}
