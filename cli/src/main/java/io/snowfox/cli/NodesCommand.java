package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.NodeList;
import io.snowfox.client.SnowfoxClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code snowfox nodes}: a table of every node, its status and how the leading manager
 * schedules it; {@code snowfox node info} shows each node's subsystems.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true,
    description = {"Show every node: status, CPU and memory allocated and offered, instances, "
        + "whether it is draining; the leading node is marked with *, and its epoch shown.",
        "snowfox node info shows each node's subsystems."})
final class NodesCommand extends ClientCommand {

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    Answer<NodeList> nodes = client.exchange(ApiCall.listNodes());
    if (json()) {
      printJson(nodes.json());
    } else {
      NodeText.printTable(out, terminal, nodes.value());
    }
    return 0;
  }
}
