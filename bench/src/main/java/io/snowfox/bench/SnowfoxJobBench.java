package io.snowfox.bench;

import io.snowfox.client.Instance;
import io.snowfox.client.Job;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * Jobs through SnowFox's HTTP API on a node of its own: submit to running, submit to complete,
 * and completed jobs per second at a fixed number of clients. Every wait is a client polling
 * {@code GET /v1/jobs}, as a user of the API would.
 */
final class SnowfoxJobBench {

  static final String NODE_DIR = "jobs-node";
  static final List<String> SLEEP = List.of("/bin/sleep", "30");
  static final String TRUE = "/bin/true";

  /** A stage of a job's way, and its median over the measured jobs. */
  record Stage(String name, Duration median) {}

  /**
   * @param green launch of the daemon to GREEN
   * @param submitAnswer {@code POST /v1/jobs} round trips of the measured jobs of both series
   * @param jobs jobs the node held at the end
   * @param store bytes of the manager's H2 store at the end
   * @param logs bytes of the node's role logs at the end
   * @param outputFiles files under the spawner's job output directory at the end
   * @param failures why the throughput run's failed jobs failed: reason, and how many
   */
  record Result(String clusterName, Duration green, Histogram submitAnswer, Histogram toRunning,
      List<Stage> runningStages, Histogram toComplete, List<Stage> completeStages,
      ClosedLoop.Result load, List<ProcCpu.Row> cpu, Map<String, Integer> failures, long jobs,
      long store, long logs, long outputFiles, String loadAverage) {}

  /** What a client knew of one measured job: when it sent it, when it saw it there, the job. */
  private record Sample(Instant sent, Instant seen, Job job) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  SnowfoxJobBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() throws Exception {
    String loadAverage = Machine.loadAverage();
    NodeBench nodes = new NodeBench(options, processes, workDir,
        "bench-jobs-" + ProcessHandle.current().pid());
    long launched = System.nanoTime();
    NodeBench.Node node = nodes.startGreen(NODE_DIR);
    Duration green = Duration.ofNanos(System.nanoTime() - launched);
    try {
      JobsApi api = new JobsApi(node.api(), node.dir().resolve("data"));
      Histogram submitAnswer = Series.histogram();
      List<Sample> running = new ArrayList<>();
      List<String> sleepers = new ArrayList<>();
      Histogram toRunning;
      try {
        toRunning = Series.run("snowfox: submit to running (" + String.join(" ", SLEEP) + ")",
            options.jobWarmup, options.jobRuns, i -> submitAndAwait(api,
                JobsApi.spec("bench-sleep", SLEEP.get(0), SLEEP.get(1)), i >= options.jobWarmup,
                submitAnswer, running, sleepers, false));
      } finally {
        stopAll(api, sleepers);
      }
      List<Sample> complete = new ArrayList<>();
      Histogram toComplete = Series.run("snowfox: submit to complete (" + TRUE + ")",
          options.jobWarmup, options.jobRuns, i -> submitAndAwait(api,
              JobsApi.spec("bench-true", TRUE), i >= options.jobWarmup, submitAnswer, complete,
              new ArrayList<>(), true));
      Set<String> loadJobs = ConcurrentHashMap.newKeySet();
      Map<String, ProcessHandle> measured = ProcCpu.nodeAndBench(node.daemon().toHandle());
      Map<String, ProcCpu.Ticks> before = ProcCpu.sample(measured);
      ClosedLoop.Result load = ClosedLoop.polled("snowfox: " + options.jobClients + " clients",
          options.jobClients, options.jobLoad(), options.jobPoll(),
          api.units(JobsApi.spec("bench-load", TRUE), loadJobs));
      List<ProcCpu.Row> cpu = ProcCpu.perUnit(before, ProcCpu.sample(measured), load.ended());
      Map<String, Integer> failures = failures(api, loadJobs);
      long jobs = api.jobs(null).size();
      Path data = node.dir().resolve("data");
      return new Result(nodes.clusterName(), green, submitAnswer, toRunning,
          stages(running, false), toComplete, stages(complete, true), load, cpu, failures, jobs,
          DataDirs.bytes(data.resolve("manager")), DataDirs.bytes(data.resolve("logs")),
          DataDirs.files(data.resolve("jobs")), loadAverage);
    } finally {
      Processes.Stop stop = processes.stop(node.daemon().toHandle(), NodeBench.STOP_GRACE);
      BenchMain.say("snowfox: node stopped in " + stop.elapsed().toMillis() + " ms");
    }
  }

  /**
   * Submits a job and polls it until its instance is running ({@code complete} false) or the
   * job is complete; returns the nanoseconds from sending the POST to the answer saying so.
   */
  private long submitAndAwait(JobsApi api, JsonObject spec, boolean measured,
      Histogram submitAnswer, List<Sample> samples, List<String> ids, boolean complete)
      throws Exception {
    Instant sent = Instant.now();
    long begun = System.nanoTime();
    String id = api.submit(spec);
    long answered = System.nanoTime();
    ids.add(id);
    Job[] last = new Job[1];
    long seen = Series.pollUntil(options.jobPoll(), "job " + id + (complete ? " complete"
        : " running"), () -> {
          last[0] = api.job(id);
          String job = last[0].state();
          String instance = JobsApi.instanceState(last[0]);
          if (job.equals("failed") || job.equals("stopped")) {
            throw new IllegalStateException("job " + id + " " + job + ": "
                + last[0].reason());
          }
          return complete ? job.equals("complete") : instance.equals("running");
        });
    Instant seenAt = Instant.now();
    if (measured) {
      submitAnswer.recordValue(answered - begun);
      samples.add(new Sample(sent, seenAt, last[0]));
    }
    return seen - begun;
  }

  /** Why the failed ones of {@code ids} failed: each distinct reason and how many. */
  private static Map<String, Integer> failures(JobsApi api, Set<String> ids) throws Exception {
    Map<String, Integer> reasons = new java.util.TreeMap<>();
    for (Job job : api.jobs(Job.FAILED)) {
      if (ids.contains(job.id())) {
        Instance instance = job.instances().get(0);
        String reason = job.reason() + " (instance " + instance.state() + ", exit code "
            + instance.exitCode() + ", signal " + instance.signal() + ")";
        reasons.merge(reason, 1, Integer::sum);
        BenchMain.say("snowfox: job " + job.id() + " failed: " + reason);
      }
    }
    return reasons;
  }

  /** Stops the jobs and waits (bounded) until none of them is pending or running. */
  private void stopAll(JobsApi api, List<String> ids) throws Exception {
    for (String id : ids) {
      api.stop(id);
    }
    Series.pollUntil(Duration.ofMillis(100), "the sleep jobs stopped", () -> {
      Set<String> active = api.activeIds();
      return ids.stream().noneMatch(active::contains);
    });
    BenchMain.say("snowfox: " + ids.size() + " sleep jobs stopped");
  }

  /** Median of each stage, from the client's clock and the job's own timestamps. */
  private static List<Stage> stages(List<Sample> samples, boolean complete) {
    List<Stage> stages = new ArrayList<>();
    stages.add(stage("POST sent → manager accepted the job (job `submitted_at`)", samples,
        s -> micros(s.job(), "submitted_at", false) - micros(s.sent())));
    stages.add(stage("→ spawner started the process (instance `started_at`)", samples,
        s -> micros(s.job(), "started_at", true) - micros(s.job(), "submitted_at", false)));
    if (complete) {
      stages.add(stage("→ spawner saw it exit (instance `ended_at`)", samples,
          s -> micros(s.job(), "ended_at", true) - micros(s.job(), "started_at", true)));
      stages.add(stage("→ manager marked the job complete (job `ended_at`)", samples,
          s -> micros(s.job(), "ended_at", false) - micros(s.job(), "ended_at", true)));
      stages.add(stage("→ the client's poll saw `complete`", samples,
          s -> micros(s.seen()) - micros(s.job(), "ended_at", false)));
    } else {
      stages.add(stage("→ the client's poll saw `running`", samples,
          s -> micros(s.seen()) - micros(s.job(), "started_at", true)));
    }
    return stages;
  }

  /**
   * A stage's median. A job may lack a timestamp (a process that ended before its start was
   * confirmed has no {@code started_at}); such jobs are left out and the name says how many.
   */
  private static Stage stage(String name, List<Sample> samples, ToLongFunction<Sample> micros) {
    List<Duration> values = new ArrayList<>();
    for (Sample sample : samples) {
      try {
        values.add(Duration.ofNanos(micros.applyAsLong(sample) * 1_000));
      } catch (MissingTimestamp e) {
        // counted below
      }
    }
    String shown = values.size() == samples.size() ? name
        : name + " (" + values.size() + " of " + samples.size() + " jobs had the timestamps)";
    return new Stage(shown, values.isEmpty() ? Duration.ZERO : Report.median(values));
  }

  private static final class MissingTimestamp extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingTimestamp(String message) {
      super(message);
    }
  }

  private static long micros(Job job, String field, boolean ofInstance) {
    Instance first = job.instances().get(0);
    Instant value = switch (field) {
      case "submitted_at" -> job.submittedAt();
      case "started_at" -> first.startedAt();
      case "ended_at" -> ofInstance ? first.endedAt() : job.endedAt();
      default -> throw new IllegalArgumentException("no time " + field);
    };
    if (value == null) {
      throw new MissingTimestamp("job " + job.id() + " has no " + field);
    }
    return micros(value);
  }

  private static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
  }
}
