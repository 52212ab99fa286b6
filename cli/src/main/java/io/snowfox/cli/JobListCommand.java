package io.snowfox.cli;

import io.snowfox.api.client.SnowfoxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snowfox job list [--state S]}: a table of jobs. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List jobs: id, name, state, running/total instances, when submitted.")
final class JobListCommand extends ClientCommand {

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only jobs in this state: pending, running, complete, failed or stopped.")
  String state;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    JsonObject answer = client.jobs(state);
    if (json()) {
      printJson(answer);
      return 0;
    }
    JsonArray jobs = answer.getJsonArray("jobs", new JsonArray());
    if (jobs.isEmpty()) {
      out.println("no jobs");
    } else {
      JobText.list(jobs).print(out, terminal);
    }
    return 0;
  }
}
