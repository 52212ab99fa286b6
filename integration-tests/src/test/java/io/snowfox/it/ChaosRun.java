package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.it.ChaosClient.Outcome;
import io.snowfox.it.RecordingJobs.LiveProcess;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * One chaos scenario from start to verdict: three nodes, jobs submitted by a client that
 * retries until it is answered, a {@link Disruption} meanwhile; then, with the cluster left in
 * peace, every job is given time to be running or ended, the jobs meant to run for ever are
 * stopped, and what each job recorded is compared with what was acknowledged.
 */
final class ChaosRun implements AutoCloseable {

  private static final Set<String> ENDED = Set.of("complete", "failed", "stopped");
  private static final Duration STOP_WAIT = Duration.ofSeconds(60);
  private static final int EXPLAINED_PER_KIND = 3;
  private static final int STOPS_IN_FLIGHT = 8;
  private static final int UNSETTLED_SHOWN = 12;

  private final String scenario;
  private final ChaosSettings settings;
  private final ChaosTimeline timeline = new ChaosTimeline();
  private final Path dir;
  private final RecordingJobs jobs;
  private ChaosCluster cluster;

  private ChaosRun(String scenario, ChaosSettings settings, Path dir, RecordingJobs jobs) {
    this.scenario = scenario;
    this.settings = settings;
    this.dir = dir;
    this.jobs = jobs;
  }

  /** Starts the three nodes of {@code scenario} (also the prefix of node ids and job names). */
  static ChaosRun start(String scenario, ChaosSettings settings) throws IOException {
    return start(scenario, settings, List.of());
  }

  /** Starts a run as {@link #start(String, ChaosSettings)} does, each daemon given {@code args}. */
  static ChaosRun start(String scenario, ChaosSettings settings, List<String> args)
      throws IOException {
    Path dir = Path.of(System.getProperty("snowfox.test.dir", "target/it"))
        .resolve("chaos-" + scenario + "-" + System.nanoTime()).toAbsolutePath();
    ChaosRun run = new ChaosRun(scenario, settings, dir,
        RecordingJobs.in(dir, scenario + "-" + ProcessHandle.current().pid()));
    run.cluster = ChaosCluster.start(scenario, run.timeline, args);
    run.timeline.add("three nodes GREEN" + (args.isEmpty() ? "" : " (" + String.join(" ", args)
        + ")") + "; " + settings);
    return run;
  }

  /**
   * Submits every job while {@code disruption} (made from the cluster and the timeline) runs,
   * then lets the cluster settle and gathers the verdict. Prints the figures and the diagnosis.
   */
  ChaosReport submitDuring(
      BiFunction<ChaosCluster, ChaosTimeline, Disruption> disruptionOf) throws Exception {
    Disruption disruption = disruptionOf.apply(cluster, timeline);
    List<ChaosClient.Submission> submissions =
        ChaosClient.submissions(scenario, settings.jobs(), jobs);
    Instant deadline = Instant.now().plus(settings.submitSpread()).plus(settings.settle());
    disruption.start();
    List<Outcome> outcomes;
    try {
      outcomes = new ChaosClient(cluster::apiUrls).submitAll(submissions,
          settings.submitSpread(), settings.submitters(), deadline);
    } finally {
      disruption.stop();
    }
    timeline.add("every submission answered or given up; chaos over");

    Map<String, String> unsettled = new LinkedHashMap<>();
    try {
      cluster.awaitAllGreen(settings.settle());
    } catch (AssertionError e) {
      unsettled.put("the cluster", "not GREEN " + settings.settle().toSeconds()
          + " s after chaos: " + e.getMessage());
    }
    List<Outcome> acknowledged = outcomes.stream().filter(Outcome::acknowledged).toList();
    awaitStates(acknowledged, false, settings.settle(), unsettled);
    timeline.add("settled: every job running or ended" + (unsettled.isEmpty() ? ""
        : ", but for " + unsettled.size()));
    stopEveryJobNotEnded();
    awaitStates(acknowledged, true, STOP_WAIT, unsettled);
    List<LiveProcess> leftovers = new ArrayList<>();
    try {
      eventually(STOP_WAIT, () -> assertThat(jobs.liveProcesses()).isEmpty());
    } catch (AssertionError e) {
      leftovers.addAll(jobs.liveProcesses());
    }
    ChaosReport report = new ChaosReport(scenario, disruption.figures(), outcomes,
        cluster.jobsByApi(), jobs.runsByTag(), leftovers, unsettled, timeline.elapsed());
    print(report);
    return report;
  }

  /**
   * Waits until every API lists every acknowledged job as ended ({@code ended}) or, short of
   * that, running when it is meant to run for ever; notes, by tag, the jobs an API lists in
   * another state when the time is up (one an API does not list at all is reported as missing).
   */
  private void awaitStates(List<Outcome> acknowledged, boolean ended, Duration within,
      Map<String, String> unsettled) {
    Map<String, String> waiting = new LinkedHashMap<>();
    try {
      eventually(within, () -> {
        waiting.clear();
        Map<String, JsonArray> listings = cluster.jobsByApi();
        assertThat(listings).as("APIs that answer").isNotEmpty();
        listings.forEach((api, all) -> {
          Map<String, String> states = new java.util.HashMap<>();
          all.stream().map(JsonObject.class::cast)
              .forEach(job -> states.put(job.getString("id"), job.getString("state")));
          for (Outcome outcome : acknowledged) {
            String state = states.get(outcome.jobId());
            boolean there = state == null || ENDED.contains(state)
                || (!ended && outcome.submission().forEver() && state.equals("running"));
            if (!there) {
              waiting.putIfAbsent(outcome.submission().tag(), (ended
                  ? "not ended " + STOP_WAIT.toSeconds() + " s after its stop: "
                  : "neither running nor ended " + within.toSeconds() + " s after chaos: ")
                  + outcome.jobId() + " " + state + " at " + api);
            }
          }
        });
        assertThat(waiting).isEmpty();
      });
    } catch (AssertionError e) {
      if (waiting.isEmpty()) {
        unsettled.putIfAbsent("the APIs", e.getMessage());
      }
      waiting.forEach(unsettled::putIfAbsent);
    }
  }

  /** Stops, a few at a time, every job of this run that has not ended. */
  private void stopEveryJobNotEnded() throws InterruptedException {
    Set<String> notEnded = new java.util.LinkedHashSet<>();
    cluster.jobsByApi().values().forEach(jobs -> jobs.stream().map(JsonObject.class::cast)
        .filter(job -> job.getString("name").startsWith(scenario + "-")
            && !ENDED.contains(job.getString("state")))
        .forEach(job -> notEnded.add(job.getString("id"))));
    ExecutorService pool = Executors.newFixedThreadPool(STOPS_IN_FLIGHT);
    try {
      notEnded.forEach(id -> pool.execute(() -> stop(id)));
    } finally {
      pool.shutdown();
      pool.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      pool.shutdownNow();
    }
  }

  /**
   * DELETE through the first API that accepts it, starting with a different one for each job:
   * an API that answers 504 may not reach the manager at all.
   */
  private void stop(String jobId) {
    List<String> apis = cluster.apiUrls();
    for (int i = 0; i < apis.size(); i++) {
      String api = apis.get(Math.floorMod(jobId.hashCode() + i, apis.size()));
      try {
        if (Http.delete(api + "/v1/jobs/" + jobId).status() == 202) {
          return;
        }
      } catch (IOException e) {
        // that API is down: ask the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void print(ChaosReport report) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(report.figures());
    lines.add("settings: " + settings);
    report.violations().forEach(v -> lines.add("VIOLATION: " + v));
    report.unsettled().entrySet().stream().limit(UNSETTLED_SHOWN).forEach(u ->
        lines.add("unsettled: " + u.getKey() + " " + u.getValue()));
    report.misreported().forEach((reason, count) ->
        lines.add("ended otherwise than without chaos: " + count + " x " + reason));
    lines.add("timeline:");
    timeline.events().forEach(e -> lines.add("  " + timeline.format(e)));
    ChaosLogs logs = ChaosLogs.read(cluster.dataDirs());
    lines.add("leadership:");
    logs.leadership().forEach(line -> lines.add("  " + line));
    lines.addAll(report.diagnosis(timeline, logs, EXPLAINED_PER_KIND));
    Path file = dir.resolve("report.txt");
    Files.write(file, lines);
    // The figures go to docs/benchmarks.md: they are printed for whoever runs the test.
    lines.forEach(System.out::println);
    System.out.println("CHAOS report written to " + file);
  }

  @Override
  public void close() throws IOException {
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      List<LiveProcess> killed = jobs.killLeftovers();
      if (!killed.isEmpty()) {
        System.out.println("CHAOS " + scenario + ": killed " + killed.size()
            + " job processes still running after the nodes stopped: " + killed);
      }
    }
  }
}
