package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.SnowfoxClient;
import io.snowfox.client.Span;
import io.snowfox.client.Trace;
import io.snowfox.client.TraceEntry;
import io.snowfox.client.TraceNode;
import java.time.Instant;
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
    Answer<Trace> answer = client.exchange(ApiCall.getTrace(correlationId));
    if (json()) {
      printJson(answer.json());
      return 0;
    }
    Trace trace = answer.value();
    out.printf("trace %s: %d line(s) from %d node(s)%s%n", correlationId, trace.entries().size(),
        trace.nodes().size(), trace.partial() ? " (partial: " + unanswered(trace.nodes())
            + " did not answer)" : "");
    if (!trace.spans().isEmpty()) {
      out.println("hops");
      spanTree(trace.spans()).forEach(out::println);
    }
    out.println("timeline");
    for (TraceEntry entry : trace.entries()) {
      out.printf("  %s  %-8s %-7s %-5s %-18s %s%n", clock(entry.time()), entry.node(),
          entry.role(), entry.level(), entry.kind(), entry.message().replace('\n', ' '));
    }
    return 0;
  }

  /** The spans as an indented tree, children under their parent, each with its duration. */
  static List<String> spanTree(List<Span> spans) {
    Map<String, List<Span>> children = new HashMap<>();
    Set<String> ids = new HashSet<>();
    spans.forEach(span -> ids.add(span.spanId()));
    List<Span> all = new ArrayList<>(spans);
    all.sort(Comparator.comparing(Span::start, Comparator.nullsFirst(Comparator.naturalOrder())));
    List<Span> roots = new ArrayList<>();
    for (Span span : all) {
      if (ids.contains(span.parentSpanId())) {
        children.computeIfAbsent(span.parentSpanId(), p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    List<String> lines = new ArrayList<>();
    roots.forEach(root -> walk(root, 1, children, lines));
    return lines;
  }

  private static void walk(Span span, int depth, Map<String, List<Span>> children,
      List<String> lines) {
    String label = "  ".repeat(depth) + (span.name().isEmpty() ? "?" : span.name());
    lines.add(String.format("%-70s %10s  %s", label, millis(span.durationUs()), span.node()));
    children.getOrDefault(span.spanId(), List.of())
        .forEach(child -> walk(child, depth + 1, children, lines));
  }

  static String millis(long micros) {
    return String.format("%.1f ms", micros / 1000.0);
  }

  /** The time of day of an API time: {@code 10:00:00.123456}. */
  private static String clock(Instant time) {
    if (time == null) {
      return "";
    }
    String iso = time.toString();
    return iso.substring(iso.indexOf('T') + 1).replace("Z", "");
  }

  private static String unanswered(List<TraceNode> nodes) {
    return String.join(", ", nodes.stream().filter(node -> !node.answered())
        .map(TraceNode::nodeId).toList());
  }
}
