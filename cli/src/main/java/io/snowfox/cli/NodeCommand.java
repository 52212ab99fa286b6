package io.snowfox.cli;

import io.snowfox.api.client.NodeView;
import io.snowfox.api.client.SnowfoxClient;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code snowfox node ...}: node status from the public API. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Inspect nodes.",
    subcommands = NodeCommand.Info.class)
final class NodeCommand {

  /** {@code snowfox node info [NODE]}. */
  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Show the status of every node, or of one: colour, reason, subsystems.")
  static final class Info extends ClientCommand {

    @Parameters(arity = "0..1", paramLabel = "NODE", description = "Only this node.")
    String nodeId;

    @Override
    int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
      if (nodeId == null) {
        NodeText.printList(out, terminal, client.nodes(), json());
        return 0;
      }
      JsonObject body = client.get("v1/nodes/" + nodeId);
      if (json()) {
        printJson(body);
      } else {
        NodeText.print(out, terminal, List.of(NodeView.fromJson(body.getJsonObject("node"))));
        out.println("correlation id: " + body.getString("correlation_id"));
      }
      return 0;
    }
  }
}
