package io.snowfox.cli;

import io.snowfox.api.client.SnowfoxClient;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code snowfox job status ID}: one job and its instances. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show a job (state, reason, command line) and each of its instances.")
final class JobStatusCommand extends ClientCommand {

  @Parameters(paramLabel = "ID", description = "The job.")
  String jobId;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    JsonObject job = client.job(jobId);
    if (json()) {
      printJson(JobCommand.answer(job));
      return 0;
    }
    JobText.details(job, terminal).forEach(out::println);
    out.println();
    JobText.instances(job).print(out, terminal);
    return 0;
  }
}
