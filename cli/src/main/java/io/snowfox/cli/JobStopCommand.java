package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.JobAnswer;
import io.snowfox.client.SnowfoxClient;
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
    Answer<JobAnswer> answer = client.exchange(ApiCall.stopJob(jobId));
    if (json()) {
      printJson(answer.json());
      return 0;
    }
    out.println(JobCommand.stateLine(answer.value().job(), terminal) + "; instances: "
        + JobText.instanceStates(answer.value().job()) + " (correlation id "
        + answer.value().correlationId() + ")");
    return 0;
  }
}
