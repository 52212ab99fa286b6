package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.NodeAnswer;
import io.snowfox.client.NodeList;
import io.snowfox.client.SnowfoxClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code snowfox node ...}: node status from the public API, and drains. */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Inspect nodes; drain them and end their drains; forget a node gone for good.",
    subcommands = {NodeCommand.Info.class, NodeDrainCommand.Start.class,
        NodeDrainCommand.End.class, NodeCommand.Forget.class})
final class NodeCommand {

  /** {@code snowfox node info [NODE]}. */
  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Show the status of every node, or of one: colour, reason, what the "
          + "leading manager has placed there, subsystems.")
  static final class Info extends ClientCommand {

    @Parameters(arity = "0..1", paramLabel = "NODE", description = "Only this node.")
    String nodeId;

    @Override
    int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
      if (nodeId == null) {
        Answer<NodeList> nodes = client.exchange(ApiCall.listNodes());
        if (json()) {
          printJson(nodes.json());
        } else {
          NodeText.printList(out, terminal, nodes.value());
        }
        return 0;
      }
      Answer<NodeAnswer> answer = client.exchange(ApiCall.getNode(nodeId));
      if (json()) {
        printJson(answer.json());
      } else {
        NodeAnswer node = answer.value();
        NodeText.printList(out, terminal, new NodeList(node.correlationId(), false,
            node.scheduling(), List.of(node.node())));
      }
      return 0;
    }
  }

  /** {@code snowfox node forget NODE}. */
  @Command(name = "forget", mixinStandardHelpOptions = true,
      description = {"Forget a node that is gone for good: it is no longer listed, nor counted "
          + "among the nodes of which a majority must be seen to lead and to re-place the "
          + "instances of lost nodes. Needs an operate token.",
          "Refused while the node's daemon is in the cluster. A node started again is known "
              + "again."})
  static final class Forget extends ClientCommand {

    @Parameters(paramLabel = "NODE", description = "The node.")
    String nodeId;

    @Override
    int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
      String correlationId = client.forgetNode(nodeId).correlationId();
      out.println("forgot node " + nodeId);
      out.println("correlation id: " + correlationId);
      return 0;
    }
  }
}
