package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.DrainAnswer;
import io.snowfox.client.SnowfoxClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code snowfox node drain NODE} and {@code snowfox node undrain NODE}: start or end a node's
 * drain, then print what the node holds.
 */
abstract class NodeDrainCommand extends ClientCommand {

  @Parameters(paramLabel = "NODE", description = "The node.")
  String nodeId;

  /** True to start the drain, false to end it. */
  abstract boolean drain();

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    Answer<DrainAnswer> answer = client.exchange(drain() ? ApiCall.drainNode(nodeId)
        : ApiCall.undrainNode(nodeId));
    if (json()) {
      printJson(answer.json());
    } else {
      out.println(NodeText.drained(answer.value()));
    }
    return 0;
  }

  /** {@code snowfox node drain NODE}: the node takes no new instances; its own are moved. */
  @Command(name = "drain", mixinStandardHelpOptions = true,
      description = {"Drain a node: the leading manager places no new instance there and moves "
          + "its instances to other nodes. Needs an operate token.",
          "Draining a node that drains already changes nothing. Prints what the node then "
              + "holds."})
  static final class Start extends NodeDrainCommand {
    @Override
    boolean drain() {
      return true;
    }
  }

  /** {@code snowfox node undrain NODE}: the node takes new instances again. */
  @Command(name = "undrain", mixinStandardHelpOptions = true,
      description = {"End a node's drain: the leading manager places instances there again. "
          + "Needs an operate token.",
          "Ending the drain of a node that is not draining changes nothing."})
  static final class End extends NodeDrainCommand {
    @Override
    boolean drain() {
      return false;
    }
  }
}
