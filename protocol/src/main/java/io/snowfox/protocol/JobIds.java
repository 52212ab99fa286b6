package io.snowfox.protocol;

import io.snowfox.protocol.v1.StatusCode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for job names, job ids and run ids, shared by whoever makes them (the manager)
 * and whoever turns them into paths (the spawner names directories and files after them).
 *
 * <p>A job name, and a job id ({@code <name>-<8 hex>}), is one path segment: letters, digits,
 * {@code .}, {@code _} and {@code -}, starting with a letter or digit, so never {@code .},
 * {@code ..}, absolute, nor containing a slash or a NUL. A run id is
 * {@code <job id>.<instance index>.<restarts>}. Node ids have their own, stricter rule (no dot,
 * they sit inside addresses): {@link Addresses#checkNodeId(String)}.
 */
public final class JobIds {

  /** The rule of names and job ids, as error messages state it. */
  public static final String NAME_RULE =
      "use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit";

  private static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}";
  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
  private static final Pattern RUN_ID = Pattern.compile(
      "(" + NAME_PATTERN + ")\\.([0-9]{1,9})\\.([0-9]{1,9})");

  private JobIds() {}

  /** True when {@code name} is a valid job name or job id. */
  public static boolean isName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The run id of restart {@code restarts} of instance {@code index} of a job. */
  public static String runId(String jobId, int index, int restarts) {
    return jobId + "." + index + "." + restarts;
  }

  /**
   * Checks a job id.
   *
   * @throws StatusException BAD_REQUEST naming the field and the rule
   */
  public static String checkJobId(String jobId) {
    if (!isName(jobId)) {
      throw badRequest("job_id", jobId, NAME_RULE);
    }
    return jobId;
  }

  /**
   * Checks a run id ({@code instance_id} on the wire).
   *
   * @throws StatusException BAD_REQUEST naming the field and the rule
   */
  public static String checkRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw badRequest("instance_id", runId, "expected <job id>.<index>.<restarts>");
    }
    return runId;
  }

  /**
   * Checks an instance index.
   *
   * @throws StatusException BAD_REQUEST when it is negative
   */
  public static int checkIndex(int index) {
    if (index < 0) {
      throw badRequest("instance_index", Integer.toString(index), "must not be negative");
    }
    return index;
  }

  /**
   * Checks that {@code runId} is a run of instance {@code index} of job {@code jobId}, each
   * valid.
   *
   * @throws StatusException BAD_REQUEST naming what is wrong
   */
  public static void checkRunOf(String runId, String jobId, int index) {
    checkJobId(jobId);
    checkIndex(index);
    Matcher run = RUN_ID.matcher(checkRunId(runId));
    if (!run.matches() || !run.group(1).equals(jobId)
        || !run.group(2).equals(Integer.toString(index))) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST, "instance_id '" + runId
          + "' is not a run of instance " + index + " of job '" + jobId + "'");
    }
  }

  /** The job of a run id {@code <job>.<index>.<restarts>}; job ids may contain dots. */
  public static String jobOf(String runId) {
    int restarts = runId.lastIndexOf('.');
    int index = restarts > 0 ? runId.lastIndexOf('.', restarts - 1) : -1;
    return index > 0 ? runId.substring(0, index) : runId;
  }

  private static StatusException badRequest(String field, String value, String rule) {
    // Printable, bounded: the value comes from whoever sent the request and goes to logs.
    String shown = value == null ? "" : value.length() > 100 ? value.substring(0, 100) + "..."
        : value;
    shown = shown.replaceAll("\\p{Cntrl}", "?");
    return new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
        "invalid " + field + " '" + shown + "': " + rule);
  }
}
