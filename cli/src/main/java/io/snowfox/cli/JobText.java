package io.snowfox.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Jobs as text: the job list, one job's details and its instances. Reads the API's JSON. */
final class JobText {

  /** Words a shell reads as themselves; anything else is quoted in a command line. */
  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private JobText() {}

  /** ID, NAME, STATE, INSTANCES (running/total), SUBMITTED: one row per job. */
  static Table list(JsonArray jobs) {
    Table table = new Table("ID", "NAME", "STATE", "INSTANCES", "SUBMITTED").stateColumn("STATE");
    for (int i = 0; i < jobs.size(); i++) {
      JsonObject job = jobs.getJsonObject(i);
      table.add(job.getString("id"), job.getString("name"), job.getString("state"),
          running(job) + "/" + instancesOf(job).size(), time(job.getString("submitted_at")));
    }
    return table;
  }

  /** The job's own lines: id, name, state, reason, command line, when it was submitted. */
  static List<String> details(JsonObject job, Terminal terminal) {
    String state = job.getString("state", "");
    List<String> lines = new ArrayList<>();
    lines.add(field("id", job.getString("id")));
    lines.add(field("name", job.getString("name")));
    lines.add(field("state", terminal.state(state, state)));
    String reason = job.getString("reason", "");
    if (!reason.isEmpty()) {
      lines.add(field("reason", reason));
    }
    lines.add(field("command", commandLine(job.getJsonObject("spec", new JsonObject()))));
    String submittedWith = job.getString("submitted_with_correlation_id", "");
    lines.add(field("submitted", time(job.getString("submitted_at"))
        + (submittedWith.isEmpty() ? "" : " (correlation id " + submittedWith + ")")));
    if (job.getString("ended_at") != null) {
      lines.add(field("ended", time(job.getString("ended_at"))));
    }
    return lines;
  }

  /** INDEX, STATE, NODE, PID, EXIT, RESTARTS, STARTED, LAST ERROR: one row per instance. */
  static Table instances(JsonObject job) {
    Table table = new Table("INDEX", "STATE", "NODE", "PID", "EXIT", "RESTARTS", "STARTED",
        "LAST ERROR").stateColumn("STATE");
    JsonArray instances = instancesOf(job);
    for (int i = 0; i < instances.size(); i++) {
      JsonObject instance = instances.getJsonObject(i);
      long pid = instance.getLong("pid", 0L);
      table.add(instance.getInteger("index"), instance.getString("state"),
          instance.getString("node"), pid > 0 ? pid : null, exit(instance),
          instance.getInteger("restarts", 0), time(instance.getString("started_at")),
          instance.getString("last_error"));
    }
    return table;
  }

  /** How an instance ended: its exit code, "signal N", or "-" while it has not. */
  static String exit(JsonObject instance) {
    Integer signal = instance.getInteger("signal");
    if (signal != null) {
      return "signal " + signal;
    }
    Integer code = instance.getInteger("exit_code");
    return code == null ? "-" : code.toString();
  }

  /** The command and its arguments as a shell would need them typed. */
  static String commandLine(JsonObject spec) {
    List<String> words = new ArrayList<>();
    words.add(spec.getString("command", ""));
    spec.getJsonArray("args", new JsonArray()).forEach(arg -> words.add(String.valueOf(arg)));
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
  static String time(String iso) {
    if (iso == null || iso.isEmpty()) {
      return "-";
    }
    try {
      return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  /** How many instances are in each state, in order of first appearance: "2 stopping, 1 exited". */
  static String instanceStates(JsonObject job) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    JsonArray instances = instancesOf(job);
    for (int i = 0; i < instances.size(); i++) {
      counts.merge(instances.getJsonObject(i).getString("state", "?"), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((state, count) -> parts.add(count + " " + state));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  /** How many of a job's instances are running. */
  static int running(JsonObject job) {
    JsonArray instances = instancesOf(job);
    int running = 0;
    for (int i = 0; i < instances.size(); i++) {
      if ("running".equals(instances.getJsonObject(i).getString("state"))) {
        running++;
      }
    }
    return running;
  }

  private static JsonArray instancesOf(JsonObject job) {
    return job.getJsonArray("instances", new JsonArray());
  }

  private static String field(String name, String value) {
    return String.format("%-10s %s", name, value == null || value.isEmpty() ? "-" : value);
  }
}
