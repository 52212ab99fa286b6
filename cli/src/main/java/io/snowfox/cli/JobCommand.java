package io.snowfox.cli;

import io.snowfox.client.Job;
import picocli.CommandLine.Command;

/** {@code snowfox job ...}: submit, inspect and stop jobs, and read their output. */
@Command(name = "job", mixinStandardHelpOptions = true,
    description = "Submit, inspect and stop jobs, and read their output.",
    subcommands = {
        JobRunCommand.class,
        JobListCommand.class,
        JobStatusCommand.class,
        JobStopCommand.class,
        JobLogsCommand.class,
    })
final class JobCommand {

  /** "job ID STATE", and the reason when there is one. */
  static String stateLine(Job job, Terminal terminal) {
    String state = job.state();
    return "job " + job.id() + " " + terminal.state(state, state)
        + (job.reason().isEmpty() ? "" : ": " + job.reason());
  }
}
