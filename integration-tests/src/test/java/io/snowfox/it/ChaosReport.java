package io.snowfox.it;

import io.snowfox.it.ChaosClient.Outcome;
import io.snowfox.it.RecordingJobs.LiveProcess;
import io.snowfox.it.RecordingJobs.Run;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The verdict of a chaos run, from what the client was told, what the cluster lists, what the
 * jobs themselves recorded and which of their processes still run: the figures, and for each
 * job that did not run exactly once, what happened around it.
 *
 * @param listings each API's list of jobs at the end, by API URL (those that answered): after a
 *     partition two managers may each lead, and each node's API then lists what its leader knows
 * @param unsettled by tag (or "the cluster"), what was not yet as it should be when the time
 *     given to settle was over: a job neither running nor ended, or not ended after its stop
 */
record ChaosReport(String scenario, String disruption,
    List<Outcome> outcomes, Map<String, JsonArray> listings, Map<String, List<Run>> runs,
    List<LiveProcess> leftovers, Map<String, String> unsettled, Duration took) {

  List<Outcome> acknowledged() {
    return outcomes.stream().filter(Outcome::acknowledged).toList();
  }

  /** Acknowledged jobs that an API (or every API) does not list. */
  List<Outcome> missing() {
    return acknowledged().stream().filter(o -> listings.isEmpty()
        || !unlistedBy(o.jobId()).isEmpty()).toList();
  }

  /** The APIs that do not list job {@code id}. */
  List<String> unlistedBy(String id) {
    List<String> apis = new ArrayList<>();
    listings.forEach((api, jobs) -> {
      if (jobs.stream().map(JsonObject.class::cast).noneMatch(j -> j.getString("id").equals(id))) {
        apis.add(api);
      }
    });
    return apis;
  }

  /** Tags the cluster lists more than one job for: a submission that made two jobs. */
  Map<String, List<String>> extraJobs() {
    Map<String, List<String>> byTag = new TreeMap<>();
    listed().values().forEach(job -> byTag.computeIfAbsent(job.getString("name"),
        tag -> new ArrayList<>()).add(job.getString("id")));
    byTag.values().removeIf(ids -> ids.size() < 2);
    return byTag;
  }

  /**
   * Acknowledged jobs that never ran. A job whose run a spawner started (its instance has a pid)
   * and a signal ended before the run wrote its line ran once: a daemon killed with -9 takes
   * its spawner down, which stops the node's runs, one of them maybe a few milliseconds after
   * its start.
   */
  List<Outcome> lost() {
    return acknowledged().stream().filter(o -> runsOf(o).isEmpty() && !startedThenSignalled(o))
        .toList();
  }

  private boolean startedThenSignalled(Outcome outcome) {
    JsonObject job = listed().get(outcome.jobId());
    if (job == null) {
      return false;
    }
    io.vertx.core.json.JsonArray instances = job.getJsonArray("instances",
        new io.vertx.core.json.JsonArray());
    for (int i = 0; i < instances.size(); i++) {
      JsonObject instance = instances.getJsonObject(i);
      if (instance.getLong("pid", 0L) > 0 && instance.getValue("signal") != null) {
        return true;
      }
    }
    return false;
  }

  /** Submissions whose job ran more than once. */
  List<Outcome> doubled() {
    return outcomes.stream().filter(o -> runsOf(o).size() > 1).toList();
  }

  /** Runs that report a job or run id (once the spawner gives them) of another job. */
  List<Run> foreignRunIds() {
    List<Run> foreign = new ArrayList<>();
    for (Outcome outcome : acknowledged()) {
      for (Run run : runsOf(outcome)) {
        boolean jobOk = run.jobId().equals(RecordingJobs.NONE)
            || run.jobId().equals(outcome.jobId());
        boolean runOk = run.runId().equals(RecordingJobs.NONE)
            || run.runId().startsWith(outcome.jobId() + ".");
        if (!jobOk || !runOk) {
          foreign.add(run);
        }
      }
    }
    return foreign;
  }

  List<Outcome> refused() {
    return outcomes.stream().filter(o -> o.refusal() != null).toList();
  }

  List<Outcome> unanswered() {
    return outcomes.stream().filter(o -> !o.acknowledged() && o.refusal() == null).toList();
  }

  boolean runIdsGiven() {
    return runs.values().stream().flatMap(List::stream)
        .anyMatch(run -> !run.runId().equals(RecordingJobs.NONE));
  }

  List<Run> runsOf(Outcome outcome) {
    return runs.getOrDefault(outcome.submission().tag(), List.of());
  }

  /**
   * The jobs of this run any API lists, by id; a job listed by several APIs as each last saw it
   * is taken from the first of them.
   */
  Map<String, JsonObject> listed() {
    Map<String, JsonObject> byId = new LinkedHashMap<>();
    listings.values().forEach(jobs -> jobs.stream().map(JsonObject.class::cast)
        .filter(job -> job.getString("name", "").startsWith(scenario + "-"))
        .forEach(job -> byId.putIfAbsent(job.getString("id"), job)));
    return byId;
  }

  /** Jobs by state; a job meant to run for ever and still running counts as running. */
  Map<String, Long> states() {
    return listed().values().stream().collect(Collectors.groupingBy(
        job -> job.getString("state"), TreeMap::new, Collectors.counting()));
  }

  /**
   * Jobs that ended otherwise than they would have without chaos (a short one not complete, one
   * meant to run for ever not stopped by the test), counted by state and reason, job and run
   * ids left out: not a broken promise (each ran once), but what users were told.
   */
  Map<String, Long> misreported() {
    Map<String, Long> wrong = new TreeMap<>();
    for (Outcome outcome : acknowledged()) {
      JsonObject job = listed().get(outcome.jobId());
      if (job == null) {
        continue;
      }
      String state = job.getString("state");
      boolean expected = outcome.submission().forEver() ? state.equals("stopped")
          : state.equals("complete");
      if (!expected) {
        String reason = job.getString("reason", "").replace(outcome.jobId(), "<job>");
        wrong.merge(state + ": " + reason, 1L, Long::sum);
      }
    }
    return wrong;
  }

  /** Every way the run broke the promise: empty when every job ran exactly once. */
  List<String> violations() {
    List<String> broken = new ArrayList<>();
    add(broken, "acknowledged jobs not listed by every API", missing().size());
    add(broken, "submissions that made more than one job", extraJobs().size());
    add(broken, "acknowledged jobs that never ran (lost)", lost().size());
    add(broken, "jobs that ran more than once (doubled)", doubled().size());
    add(broken, "runs with the job or run id of another job", foreignRunIds().size());
    add(broken, "processes of ended jobs still running", leftovers.size());
    add(broken, "jobs (or the cluster) that did not settle", unsettled.size());
    add(broken, "submissions never answered", unanswered().size());
    add(broken, "submissions refused", refused().size());
    return broken;
  }

  private static void add(List<String> broken, String what, int count) {
    if (count > 0) {
      broken.add(count + " " + what);
    }
  }

  /** The one line of figures for docs/benchmarks.md. */
  String figures() {
    int sends = outcomes.stream().mapToInt(Outcome::sends).sum();
    long ranOnce = acknowledged().stream().filter(o -> runsOf(o).size() == 1).count();
    return String.format("CHAOS %s: jobs %d, acknowledged %d, sends %d (%d resent), %s, "
            + "ran once %d, lost %d, doubled %d, extra jobs %d, missing %d, "
            + "leftover processes %d, unsettled %d, unanswered %d, refused %d, end states %s, "
            + "not as without chaos %d, run ids %s, took %d s",
        scenario, outcomes.size(), acknowledged().size(), sends, sends - outcomes.size(),
        disruption, ranOnce, lost().size(), doubled().size(), extraJobs().size(),
        missing().size(), leftovers.size(), unsettled.size(), unanswered().size(),
        refused().size(), states(), misreported().values().stream().mapToLong(Long::longValue)
            .sum(), runIdsGiven() ? "given" : "not given (no SNOWFOX_RUN_ID)", took.toSeconds());
  }

  /**
   * For each way the promise was broken, the tags of the jobs concerned, and for the first
   * {@code perKind} of them what the client saw, the cluster says, the job recorded, what the
   * test did just before and what the nodes logged about the job.
   */
  List<String> diagnosis(ChaosTimeline timeline, ChaosLogs logs, int perKind) {
    Set<String> extraTags = extraJobs().keySet();
    Set<String> leftoverTags = leftovers.stream().map(LiveProcess::tag)
        .collect(Collectors.toSet());
    Map<String, List<Outcome>> kinds = new LinkedHashMap<>();
    kinds.put("doubled", doubled());
    kinds.put("lost", lost());
    kinds.put("more than one job", outcomes.stream()
        .filter(o -> extraTags.contains(o.submission().tag())).toList());
    kinds.put("missing", missing());
    kinds.put("still running", outcomes.stream()
        .filter(o -> leftoverTags.contains(o.submission().tag())).toList());
    kinds.put("did not settle", outcomes.stream()
        .filter(o -> unsettled.containsKey(o.submission().tag())).toList());
    List<String> lines = new ArrayList<>();
    kinds.forEach((kind, bad) -> {
      if (!bad.isEmpty()) {
        lines.add("== " + kind + " (" + bad.size() + "): "
            + bad.stream().map(o -> o.submission().tag()).toList());
        bad.stream().limit(perKind).forEach(o -> lines.addAll(explain(o, timeline, logs)));
      }
    });
    return lines;
  }

  private List<String> explain(Outcome outcome, ChaosTimeline timeline, ChaosLogs logs) {
    List<String> lines = new ArrayList<>();
    String tag = outcome.submission().tag();
    lines.add("-- " + tag + " (" + (outcome.submission().forEver() ? "runs until stopped"
        : "exits 0") + "), correlation id " + outcome.submission().correlationId());
    lines.add("  client: " + outcome.sends() + " send(s) from "
        + timeline.offset(outcome.firstSent()) + ", "
        + (outcome.acknowledged() ? "acknowledged " + outcome.jobId() + " at "
            + timeline.offset(outcome.answered()) : "not acknowledged")
        + (outcome.failedSends().isEmpty() ? "" : "; failed sends " + outcome.failedSends()));
    List<String> ids = new ArrayList<>();
    for (JsonObject job : listed().values()) {
      if (job.getString("name").equals(tag)) {
        ids.add(job.getString("id"));
        lines.add("  cluster: " + job.getString("id") + " " + job.getString("state") + " ("
            + job.getString("reason", "") + ") instances " + instances(job));
      }
    }
    if (outcome.acknowledged() && !ids.contains(outcome.jobId())) {
      ids.add(outcome.jobId());
    }
    if (outcome.acknowledged() && !unlistedBy(outcome.jobId()).isEmpty()) {
      lines.add("  not listed by " + unlistedBy(outcome.jobId()) + " of " + listings.keySet());
    }
    List<Run> ran = runsOf(outcome);
    lines.add("  ran " + ran.size() + " time(s)");
    for (Run run : ran) {
      lines.add("    run " + run.jobId() + " " + run.runId() + " at " + run.at());
      Instant at = parse(run.at());
      if (at != null) {
        timeline.before(at, Duration.ofSeconds(30)).forEach(e ->
            lines.add("      before it: " + timeline.format(e)));
      }
    }
    if (ran.isEmpty() && outcome.answered() != null) {
      timeline.before(outcome.answered().plusSeconds(30), Duration.ofSeconds(60)).forEach(e ->
          lines.add("    around its acknowledgement: " + timeline.format(e)));
    }
    leftovers.stream().filter(p -> p.tag().equals(tag)).forEach(p ->
        lines.add("  still running: pid " + p.pid()));
    for (String id : ids) {
      logs.mentioning(id, 30).forEach(line -> lines.add("    log: " + line));
    }
    return lines;
  }

  private static String instances(JsonObject job) {
    JsonArray all = job.getJsonArray("instances", new JsonArray());
    List<String> each = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      JsonObject instance = all.getJsonObject(i);
      each.add(instance.getString("state") + " on " + instance.getString("node")
          + " pid " + instance.getValue("pid") + " restarts " + instance.getValue("restarts")
          + " exit " + instance.getValue("exit_code") + " signal " + instance.getValue("signal")
          + (instance.getString("last_error", "").isEmpty() ? ""
              : " error '" + instance.getString("last_error") + "'"));
    }
    return each.toString();
  }

  private static Instant parse(String at) {
    try {
      return Instant.parse(at);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
