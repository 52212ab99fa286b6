package io.snowfox.cli;

import io.snowfox.api.client.SnowfoxClient;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code snowfox job stop ID}: stops every instance of a job. */
@Command(name = "stop", mixinStandardHelpOptions = true,
    description = {"Stop a job: each instance's process group gets SIGTERM, then SIGKILL after "
        + "the job's kill_timeout.", "Prints the state the stop left the job in."})
final class JobStopCommand extends ClientCommand {

  @Parameters(paramLabel = "ID", description = "The job.")
  String jobId;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    JsonObject job = client.stop(jobId);
    if (json()) {
      printJson(JobCommand.answer(job));
      return 0;
    }
    out.println(JobCommand.stateLine(job, terminal) + "; instances: "
        + JobText.instanceStates(job) + " (correlation id " + job.getString("correlation_id")
        + ")");
    return 0;
  }
}
