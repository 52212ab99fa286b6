package io.snowfox.cli;

import io.vertx.core.json.JsonObject;
import java.util.Set;
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

  /** Job states nothing comes after. */
  static final Set<String> FINAL_STATES = Set.of("complete", "failed", "stopped");

  /**
   * The API's answer about one job ({@code {"correlation_id", "job"}}), from what {@code
   * SnowfoxClient.job} or {@code stop} return: the job with the correlation id folded in.
   */
  static JsonObject answer(JsonObject job) {
    JsonObject bare = job.copy();
    Object correlationId = bare.remove("correlation_id");
    return new JsonObject().put("correlation_id", correlationId).put("job", bare);
  }

  /** "job ID STATE", and the reason when there is one. */
  static String stateLine(JsonObject job, Terminal terminal) {
    String state = job.getString("state", "");
    String reason = job.getString("reason", "");
    return "job " + job.getString("id") + " " + terminal.state(state, state)
        + (reason.isEmpty() ? "" : ": " + reason);
  }
}
