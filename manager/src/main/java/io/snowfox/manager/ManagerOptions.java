package io.snowfox.manager;

import io.snowfox.runtime.config.Durations;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** How the manager keeps jobs. The daemon takes the same options and hands them to its manager. */
public final class ManagerOptions {

  public static final String DEFAULT_JOB_RETENTION = "24h";

  @Option(names = "--job-retention", paramLabel = "DURATION",
      converter = Durations.Converter.class, defaultValue = DEFAULT_JOB_RETENTION,
      description = "How long an ended job (complete, failed or stopped) stays, with its "
          + "output, before it is removed; 0s keeps jobs for ever (default: ${DEFAULT-VALUE}).")
  Duration jobRetention = Durations.parse(DEFAULT_JOB_RETENTION);

  /** Zero: ended jobs are never removed. */
  public Duration jobRetention() {
    return jobRetention;
  }

  /** These options as a command line, for the manager the daemon starts. */
  public List<String> asArgs() {
    return List.of("--job-retention", Durations.format(jobRetention));
  }
}
