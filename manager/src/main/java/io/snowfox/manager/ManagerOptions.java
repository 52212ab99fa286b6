package io.snowfox.manager;

import io.snowfox.runtime.config.Durations;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** How the manager keeps jobs. The daemon takes the same options and hands them to its manager. */
public final class ManagerOptions {

  public static final String DEFAULT_JOB_RETENTION = "24h";
  public static final int DEFAULT_STANDBY_COPIES = 2;

  @Option(names = "--job-retention", paramLabel = "DURATION",
      converter = Durations.Converter.class, defaultValue = DEFAULT_JOB_RETENTION,
      description = "How long an ended job (complete, failed or stopped) stays, with its "
          + "output, before it is removed; 0s keeps jobs for ever (default: ${DEFAULT-VALUE}).")
  Duration jobRetention = Durations.parse(DEFAULT_JOB_RETENTION);

  @Option(names = "--standby-copies", paramLabel = "N", converter = AtLeastOne.class,
      defaultValue = "" + DEFAULT_STANDBY_COPIES,
      description = "How many standing-by managers, the next in line to lead, keep a copy of "
          + "every job in their node's store, besides the leader's; the others keep none. More "
          + "copies survive more nodes lost at once, at the cost of more work per job change on "
          + "every one of them. Give every node the same value (default: ${DEFAULT-VALUE}).")
  int standbyCopies = DEFAULT_STANDBY_COPIES;

  /** How many managers after the leader keep a copy of every job; at least 1. */
  public int standbyCopies() {
    return standbyCopies;
  }

  /** Zero: ended jobs are never removed. */
  public Duration jobRetention() {
    return jobRetention;
  }

  /** These options as a command line, for the manager the daemon starts. */
  public List<String> asArgs() {
    return List.of("--job-retention", Durations.format(jobRetention),
        "--standby-copies", Integer.toString(standbyCopies));
  }

  /** A count of 1 or more. */
  static final class AtLeastOne implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int count;
      try {
        count = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number");
      }
      if (count < 1) {
        throw new TypeConversionException("must be at least 1, was " + count);
      }
      return count;
    }
  }
}
