package io.snowfox.cli;

import io.snowfox.client.SnowfoxClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snowfox job logs ID}: copies an instance's output to standard output. */
@Command(name = "logs", mixinStandardHelpOptions = true,
    description = {"Print the output of one instance of a job.",
        "With --follow, --timeout limits only connecting to the API. --json has no effect "
            + "here: output is the instance's own text."})
final class JobLogsCommand extends ClientCommand {

  @Parameters(paramLabel = "ID", description = "The job.")
  String jobId;

  @Option(names = {"-f", "--follow"},
      description = "Keep printing new output until the instance has ended for good.")
  boolean follow;

  @Option(names = "--stderr", description = "Standard error instead of standard output.")
  boolean stderr;

  @Option(names = "--instance", paramLabel = "N", defaultValue = "0",
      description = "Which instance (default: ${DEFAULT-VALUE}).")
  int instance;

  @Option(names = "--tail", paramLabel = "N", defaultValue = "0",
      description = "Only the last N lines; 0 for all (default: ${DEFAULT-VALUE}).")
  int tail;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    if (instance < 0 || tail < 0) {
      throw new IllegalArgumentException("--instance and --tail must be 0 or more");
    }
    out.flush();
    // Bytes as they come: the output need not be text in any one encoding.
    client.jobLogs(jobId, stream(), instance, tail, follow, System.out);
    return 0;
  }

  String stream() {
    return stderr ? "stderr" : "stdout";
  }
}
