package io.snowfox.cli;

import io.snowfox.api.client.NodeList;
import io.snowfox.api.client.NodeView;
import io.snowfox.api.client.SubsystemView;
import java.io.PrintWriter;
import java.util.List;

/** Nodes as text: a status line per node, then one line per subsystem. */
final class NodeText {

  private NodeText() {}

  /** Every node of a {@code GET /v1/nodes} answer, or that answer as JSON. */
  static void printList(PrintWriter out, Terminal terminal, NodeList nodes, boolean json) {
    if (json) {
      out.println(nodes.toJson().encodePrettily());
      return;
    }
    print(out, terminal, nodes.nodes());
    if (nodes.partial()) {
      out.println("(partial: some nodes did not answer)");
    }
    out.println("correlation id: " + nodes.correlationId());
  }

  static void print(PrintWriter out, Terminal terminal, List<NodeView> nodes) {
    if (nodes.isEmpty()) {
      out.println("no nodes");
    }
    for (NodeView node : nodes) {
      out.printf("%s  %s%s%n", node.nodeId(), terminal.colour(node.status()),
          node.reason().isEmpty() ? "" : "  " + node.reason());
      if (!node.reachable()) {
        continue;
      }
      out.printf("  version %s, up since %s%n", node.version(), node.startedAt());
      for (SubsystemView part : node.subsystems()) {
        out.printf("  %-8s %s  %-12s%s%s%s%n", part.name(), terminal.colour(part.status()),
            part.state(),
            part.pid() > 0 ? "  pid " + part.pid() : "",
            part.restarts() > 0 ? "  restarts " + part.restarts() : "",
            part.reason().isEmpty() ? "" : "  " + part.reason());
      }
    }
  }
}
