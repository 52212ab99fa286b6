package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.JobList;
import io.snowfox.client.SnowfoxClient;
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
    Answer<JobList> answer = client.exchange(ApiCall.listJobs(state));
    if (json()) {
      printJson(answer.json());
      return 0;
    }
    if (answer.value().jobs().isEmpty()) {
      out.println("no jobs");
    } else {
      JobText.list(answer.value().jobs()).print(out, terminal);
    }
    return 0;
  }
}
