package io.snowfox.cli;

import io.snowfox.client.Instance;
import io.snowfox.client.Job;
import io.snowfox.client.JobSpecView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Jobs as text: the job list, one job's details and its instances. */
final class JobText {

  /** Words a shell reads as themselves; anything else is quoted in a command line. */
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private JobText() {}

  /** ID, NAME, STATE, INSTANCES (running/total), SUBMITTED: one row per job. */
  static Table list(List<Job> jobs) {
    Table table = new Table("ID", "NAME", "STATE", "INSTANCES", "SUBMITTED").stateColumn("STATE");
    for (Job job : jobs) {
      table.add(job.id(), job.name(), job.state(),
          running(job) + "/" + job.instances().size(), time(job.submittedAt()));
    }
    return table;
  }

  /** The job's own lines: id, name, state, reason, command line, when it was submitted. */
  static List<String> details(Job job, Terminal terminal) {
    String state = job.state();
    List<String> lines = new ArrayList<>();
    lines.add(field("id", job.id()));
    lines.add(field("name", job.name()));
    lines.add(field("state", terminal.state(state, state)));
    if (!job.reason().isEmpty()) {
      lines.add(field("reason", job.reason()));
    }
    lines.add(field("command", commandLine(job.spec())));
    String submittedWith = job.submittedWithCorrelationId();
    lines.add(field("submitted", time(job.submittedAt())
        + (submittedWith.isEmpty() ? "" : " (correlation id " + submittedWith + ")")));
    if (job.endedAt() != null) {
      lines.add(field("ended", time(job.endedAt())));
    }
    return lines;
  }

  /** INDEX, STATE, NODE, PID, EXIT, RESTARTS, STARTED, LAST ERROR: one row per instance. */
  static Table instances(Job job) {
    Table table = new Table("INDEX", "STATE", "NODE", "PID", "EXIT", "RESTARTS", "STARTED",
        "LAST ERROR").stateColumn("STATE");
    for (Instance instance : job.instances()) {
      long pid = instance.pid();
      table.add(instance.index(), instance.state(), instance.node(), pid > 0 ? pid : null,
          exit(instance), instance.restarts(), time(instance.startedAt()),
          instance.lastError());
    }
    return table;
  }

  /** How an instance ended: its exit code, "signal N", or "-" while it has not. */
  static String exit(Instance instance) {
    if (instance.signal() != null) {
      return "signal " + instance.signal();
    }
    return instance.exitCode() == null ? "-" : instance.exitCode().toString();
  }

  /** The command and its arguments as a shell would need them typed. */
  static String commandLine(JobSpecView spec) {
    List<String> words = new ArrayList<>();
    words.add(spec.command());
    words.addAll(spec.args());
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(SHELL_SAFE.matcher(word).matches() ? word
          : "'" + word.replace("'", "'\\''") + "'");
    }
    return line.toString();
  }

  /** An API time to the second ({@code 2030-01-01T10:00:00Z}); "-" when there is none. */
  static String time(Instant time) {
    return time == null ? "-" : time.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** How many instances are in each state, in order of first appearance: "2 stopping, 1 exited". */
  static String instanceStates(Job job) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Instance instance : job.instances()) {
      counts.merge(instance.state().isEmpty() ? "?" : instance.state(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((state, count) -> parts.add(count + " " + state));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** How many of a job's instances are running. */
  static int running(Job job) {
    return (int) job.instances().stream()
        .filter(instance -> Instance.RUNNING.equals(instance.state())).count();
  }

  private static String field(String name, String value) {
    return String.format("%-10s %s", name, value == null || value.isEmpty() ? "-" : value);
  }
}
