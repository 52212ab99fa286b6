package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.JobList;
import io.snowfox.client.SnowfoxClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code snowfox job list [--state S]}: a table of every job, oldest first, asked for and
 * printed a page (1000 jobs) at a time, so that a long history needs no more memory than a page;
 * with {@code --json}, each page's answer as the API gave it, one after the other.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List jobs, oldest first: id, name, state, running/total instances, when "
        + "submitted.", "With --json: the API's answer of each page of 1000 jobs, one JSON "
        + "object after the other."})
final class JobListCommand extends ClientCommand {

  @Option(names = "--state", paramLabel = "STATE",
      description = "Only jobs in this state: pending, running, complete, failed or stopped.")
  String state;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    Answer<JobList> page = client.exchange(ApiCall.listJobs(state));
    if (!json() && page.value().jobs().isEmpty()) {
      out.println("no jobs");
      return 0;
    }
    int[] widths = null;
    boolean first = true;
    while (true) {
      if (json()) {
        printJson(page.json());
      } else {
        Table table = JobText.list(page.value().jobs());
        widths = table.widths(widths);
        table.lines(terminal, widths, first).forEach(out::println);
      }
      first = false;
      if (!page.value().hasNext()) {
        return 0;
      }
      out.flush();
      page = client.exchange(ApiCall.listJobs(state, 0, page.value().next()));
    }
  }
}
