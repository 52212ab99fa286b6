package io.snowfox.cli;

import io.snowfox.api.client.SnowfoxClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code snowfox nodes}: every node's status, as {@code snowfox node info} shows it. */
@Command(name = "nodes", mixinStandardHelpOptions = true,
    description = "Show the status of every node: colour, reason, subsystems.")
final class NodesCommand extends ClientCommand {

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    NodeText.printList(out, terminal, client.nodes(), json());
    return 0;
  }
}
