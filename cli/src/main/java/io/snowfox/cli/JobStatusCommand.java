package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.Job;
import io.snowfox.client.JobAnswer;
import io.snowfox.client.SnowfoxClient;
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
    Answer<JobAnswer> answer = client.exchange(ApiCall.getJob(jobId));
    if (json()) {
      printJson(answer.json());
      return 0;
    }
    Job job = answer.value().job();
    JobText.details(job, terminal).forEach(out::println);
    out.println();
    JobText.instances(job).print(out, terminal);
    return 0;
  }
}
