package io.snowfox.cli;

import io.snowfox.api.client.ApiException;
import io.snowfox.api.client.NodeList;
import io.snowfox.api.client.NodeView;
import io.snowfox.api.client.SubsystemView;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snowfox node ...}: node status from the public API. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Inspect nodes.",
    subcommands = NodeCommand.Info.class)
final class NodeCommand {

  /** {@code snowfox node info [NODE]}. */
  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Show the status of every node, or of one: colour, reason, subsystems.")
  static final class Info implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NODE", description = "Only this node.")
    String nodeId;

    @Mixin ApiClientOptions api;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Terminal terminal = Terminal.detect();
      try {
        if (nodeId == null) {
          NodeList nodes = api.client().nodes();
          if (api.json) {
            out.println(nodes.toJson().encodePrettily());
          } else {
            print(out, terminal, nodes.nodes());
            if (nodes.partial()) {
              out.println("(partial: some nodes did not answer)");
            }
            out.println("correlation id: " + nodes.correlationId());
          }
          return 0;
        }
        var body = api.client().get("v1/nodes/" + nodeId);
        if (api.json) {
          out.println(body.encodePrettily());
        } else {
          print(out, terminal, List.of(NodeView.fromJson(body.getJsonObject("node"))));
          out.println("correlation id: " + body.getString("correlation_id"));
        }
        return 0;
      } catch (ApiException e) {
        err.println("error: " + e.getMessage()
            + (e.correlationId().isEmpty() ? "" : " (correlation id " + e.correlationId() + ")"));
        return 1;
      }
    }

    private static void print(PrintWriter out, Terminal terminal, List<NodeView> nodes) {
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
}
