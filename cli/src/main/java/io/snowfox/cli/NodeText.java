package io.snowfox.cli;

import io.snowfox.client.Allocation;
import io.snowfox.client.DrainAnswer;
import io.snowfox.client.Node;
import io.snowfox.client.NodeList;
import io.snowfox.client.NodeScheduling;
import io.snowfox.client.Resources;
import io.snowfox.client.Scheduling;
import io.snowfox.client.Subsystem;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Nodes as text: a table of every node with how the leading manager schedules it
 * ({@code snowfox nodes}), or a status line per node then one line per subsystem
 * ({@code snowfox node info}).
 */
final class NodeText {

  /** Follows the id of the node whose manager leads. */
  static final String LEADER_MARK = " *";

  private NodeText() {}

  /**
   * NODE (the leader marked), STATUS, CPU and MEMORY (allocated/capacity), INSTANCES,
   * DRAINING, SCHEDULABLE, REASON: one row per node; "-" where the leader said nothing.
   */
  static Table table(NodeList nodes) {
    Table table = new Table("NODE", "STATUS", "CPU ALLOC/CAP", "MEMORY ALLOC/CAP", "INSTANCES",
        "DRAINING", "SCHEDULABLE", "REASON").stateColumn("STATUS");
    for (Node node : nodes.nodes()) {
      NodeScheduling scheduling = node.scheduling();
      if (scheduling == null) {
        table.add(node.nodeId(), node.status(), null, null, null, null, null, node.reason());
        continue;
      }
      Allocation allocation = scheduling.allocation();
      table.add(node.nodeId() + (scheduling.leader() ? LEADER_MARK : ""), node.status(),
          cpu(allocation.allocated()) + "/" + cpu(allocation.capacity()),
          allocation.allocated().memoryMb() + "/" + allocation.capacity().memoryMb() + " MiB",
          allocation.instances(), yesNo(allocation.draining()), yesNo(allocation.schedulable()),
          node.reason());
    }
    return table;
  }

  /** {@code snowfox nodes}: the table, then who leads (or why that is not known). */
  static void printTable(PrintWriter out, Terminal terminal, NodeList nodes) {
    if (nodes.nodes().isEmpty()) {
      out.println("no nodes");
    } else {
      table(nodes).print(out, terminal);
    }
    notes(out, nodes);
  }

  /** {@code snowfox node info}: every node of a {@code GET /v1/nodes} answer in detail. */
  static void printList(PrintWriter out, Terminal terminal, NodeList nodes) {
    print(out, terminal, nodes.nodes());
    notes(out, nodes);
  }

  /** The lines under a listing: the leader and epoch, whether some nodes did not answer. */
  private static void notes(PrintWriter out, NodeList nodes) {
    Scheduling scheduling = nodes.scheduling();
    if (scheduling.available()) {
      out.println("leader: " + scheduling.leaderNodeId() + LEADER_MARK + ", epoch "
          + scheduling.epoch());
    } else if (!scheduling.message().isEmpty()) {
      out.println("(" + scheduling.message() + ")");
    }
    if (nodes.partial()) {
      out.println("(partial: some nodes did not answer)");
    }
    out.println("correlation id: " + nodes.correlationId());
  }

  static void print(PrintWriter out, Terminal terminal, List<Node> nodes) {
    if (nodes.isEmpty()) {
      out.println("no nodes");
    }
    for (Node node : nodes) {
      out.printf("%s  %s%s%n", node.nodeId(), terminal.colour(node.status()),
          node.reason().isEmpty() ? "" : "  " + node.reason());
      if (!node.reachable()) {
        continue;
      }
      out.printf("  version %s, up since %s%n", node.version(),
          node.startedAt() == null ? "" : node.startedAt());
      if (node.scheduling() != null) {
        out.println("  " + scheduling(node.scheduling()));
      }
      for (Subsystem part : node.subsystems()) {
        out.printf("  %-8s %s  %-12s%s%s%s%n", part.name(), terminal.colour(part.status()),
            part.state(),
            part.pid() > 0 ? "  pid " + part.pid() : "",
            part.restarts() > 0 ? "  restarts " + part.restarts() : "",
            part.reason().isEmpty() ? "" : "  " + part.reason());
      }
    }
  }

  /**
   * One node's scheduling in words: "allocated cpu 1.5 of 4, memory 768 of 8192 MiB,
   * 3 instance(s); draining; leader, epoch 7".
   */
  static String scheduling(NodeScheduling scheduling) {
    List<String> parts = new ArrayList<>();
    parts.add(allocated(scheduling.allocation()));
    if (scheduling.allocation().draining()) {
      parts.add("draining");
    }
    if (!scheduling.allocation().schedulable()) {
      parts.add("not schedulable (its spawner is down)");
    }
    if (scheduling.leader()) {
      parts.add("leader, epoch " + scheduling.epoch());
    }
    return String.join("; ", parts);
  }

  /** What a drain or its end left the node in, in words. */
  static String drained(DrainAnswer answer) {
    Allocation node = answer.allocation();
    String state;
    if (node.draining()) {
      state = "node " + node.nodeId() + " is draining: it takes no new instances, and the "
          + "leading manager moves its instances to other nodes";
    } else if (node.schedulable()) {
      state = "node " + node.nodeId() + " is not draining: it takes new instances";
    } else {
      state = "node " + node.nodeId() + " is not draining, but its spawner is down: it takes "
          + "no instances until it is back";
    }
    return state + "; " + allocated(node) + " (correlation id " + answer.correlationId() + ")";
  }

  private static String allocated(Allocation node) {
    return "allocated cpu " + cpu(node.allocated()) + " of " + cpu(node.capacity())
        + ", memory " + node.allocated().memoryMb() + " of " + node.capacity().memoryMb()
        + " MiB, " + node.instances() + " instance(s)";
  }

  /** Cores as people write them: "4", "1.5", "0.33"; sums of fractions lose their noise. */
  static String cpu(Resources resources) {
    return BigDecimal.valueOf(resources.cpu()).setScale(2, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString();
  }

  private static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
