package io.snowfox.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** What one benchmark run measures, and how long each part takes. */
final class BenchOptions {

  public static final String DEFAULT_DIST = "dist/target/snowfox";
  public static final String DEFAULT_OUT = "docs/benchmarks.md";
  /** Sequential round trips thrown away before measuring, per exchange. */
  public static final int DEFAULT_WARMUP_ROUND_TRIPS = 5_000;
  /** Sequential round trips measured per exchange: enough for a p99.9 from 20 samples. */
  public static final int DEFAULT_ROUND_TRIPS = 20_000;
  public static final int DEFAULT_IN_FLIGHT = 256;
  public static final int DEFAULT_LOAD_WARMUP_SECONDS = 2;
  public static final int DEFAULT_LOAD_SECONDS = 5;
  public static final int DEFAULT_COLD_STARTS = 3;
  public static final int DEFAULT_IDLE_SECONDS = 10;
  public static final int DEFAULT_CLI_RUNS = 5;
  /** Unmeasured units before each sequential job-start series. */
  public static final int DEFAULT_JOB_WARMUP = 10;
  /** Measured units per sequential job-start series. */
  public static final int DEFAULT_JOB_RUNS = 100;
  /** Client threads of the job throughput runs, each with one unit in flight. */
  public static final int DEFAULT_JOB_CLIENTS = 8;
  /** Length of each job throughput run. */
  public static final int DEFAULT_JOB_LOAD_SECONDS = 20;
  /** How often a client asks whether a job or program got where it waits for. */
  public static final int DEFAULT_JOB_POLL_MILLIS = 5;
  public static final String DEFAULT_SUPERVISORD = "supervisord";
  /** The parts of a run, in the order they run; {@code trace} is run by bench/run.sh. */
  public static final List<String> PARTS = List.of("bus", "node", "jobs", "profile", "history",
      "burst", "scale", "nodeloss", "trace");
  /** {@code /bin/true} jobs of the profiled run: a few thousand samples for the busiest role. */
  public static final int DEFAULT_PROFILE_JOBS = 500;
  /** Jobs before the profiled ones, so the profile shows the node warm, not its first pass. */
  public static final int DEFAULT_PROFILE_WARMUP_JOBS = 100;
  /** Where the folded stacks go, beside the report. */
  public static final String DEFAULT_PROFILE_DIR_NAME = "profiles";
  /** Ended jobs the history series seeds into the manager's store: issue 8's figure. */
  public static final int DEFAULT_HISTORY_JOBS = 100_000;
  /** Sequential submits timed on each node of the history series. */
  public static final int DEFAULT_HISTORY_SUBMITS = 300;
  /** Window over which the idle leader's CPU is read, on each node of the history series. */
  public static final int DEFAULT_HISTORY_IDLE_SECONDS = 30;
  /** Jobs of the burst: issue 8's figure. */
  public static final int DEFAULT_BURST_JOBS = 10_000;
  /** Client threads of the burst, each submitting as fast as it is answered. */
  public static final int DEFAULT_BURST_CLIENTS = 16;
  /** How long the burst's acknowledged jobs have to end, after the last submit. */
  public static final int DEFAULT_BURST_WAIT_SECONDS = 600;
  /** Cluster sizes of the scale series: issue 9's figures. */
  public static final String DEFAULT_SCALE_NODES = "1,3,5";
  /**
   * Unmeasured jobs per node on each cluster of the scale series, before the measured closed
   * loop. Each JVM of an N-node cluster sees an N-th of the traffic, so its hot paths are
   * compiled later: the warm-up grows with the cluster until every node has run as many jobs as
   * one node did. A fixed 30 s left a 5-node cluster short of it (2026-12-02, the same build:
   * 26.5 and 30.2 ms of CPU per job after 30 s, 21.6 after 120 s; one node 12.9, 11.5 and 12.8).
   */
  public static final int DEFAULT_SCALE_WARMUP_JOBS = 2500;
  /** The longest warm-up of one cluster of the scale series, whatever it has run by then. */
  public static final int DEFAULT_SCALE_WARMUP_SECONDS = 300;
  public static final int DEFAULT_SCALE_RATE = 20;
  public static final int DEFAULT_SCALE_RATE_SECONDS = 30;
  public static final int DEFAULT_SCALE_ROUNDS = 2;
  /** Rounds of the node-loss series: about 30 s each today (recovery, restart, checks). */
  public static final int DEFAULT_NODELOSS_ROUNDS = 10;
  /** Instances of each round's job: issue 9's figure. */
  public static final int DEFAULT_NODELOSS_INSTANCES = 6;
  /** Interval of the polls that time a recovery. */
  public static final int DEFAULT_NODELOSS_POLL_MILLIS = 20;
  /** How long a round waits for the cluster to run every instance elsewhere. */
  public static final int DEFAULT_NODELOSS_BOUND_SECONDS = 120;
  /** The daemons' own default: a member silent this long is declared gone. */
  public static final int DEFAULT_FAILURE_TIMEOUT_SECONDS = 5;

  @Option(names = "--dist", paramLabel = "DIR", defaultValue = DEFAULT_DIST,
      description = "The built distribution (default: ${DEFAULT-VALUE}).")
  Path dist;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = DEFAULT_OUT,
      description = "Where the Markdown report goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--keep-work-dir",
      description = "Keep the work directory (every node's data dir and logs) also when every "
          + "part succeeded, to look into a slow round afterwards.")
  boolean keepWorkDir;

  @Option(names = "--warmup-round-trips", paramLabel = "N",
      defaultValue = "" + DEFAULT_WARMUP_ROUND_TRIPS,
      description = "Unmeasured sequential round trips per exchange (default: ${DEFAULT-VALUE}).")
  int warmupRoundTrips;

  @Option(names = "--round-trips", paramLabel = "N", defaultValue = "" + DEFAULT_ROUND_TRIPS,
      description = "Measured sequential round trips per exchange (default: ${DEFAULT-VALUE}).")
  int roundTrips;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "" + DEFAULT_IN_FLIGHT,
      description = "Requests kept in flight for throughput (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--load-warmup-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_LOAD_WARMUP_SECONDS,
      description = "Unmeasured throughput run per exchange (default: ${DEFAULT-VALUE}).")
  int loadWarmupSeconds;

  @Option(names = "--load-seconds", paramLabel = "S", defaultValue = "" + DEFAULT_LOAD_SECONDS,
      description = "Measured throughput run per exchange (default: ${DEFAULT-VALUE}).")
  int loadSeconds;

  @Option(names = "--cold-starts", paramLabel = "N", defaultValue = "" + DEFAULT_COLD_STARTS,
      description = "Node cold starts (default: ${DEFAULT-VALUE}).")
  int coldStarts;

  @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "" + DEFAULT_IDLE_SECONDS,
      description = "Idle time of a GREEN node before its memory is read "
          + "(default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--cli-runs", paramLabel = "N", defaultValue = "" + DEFAULT_CLI_RUNS,
      description = "Timed 'snowfox node info' runs (default: ${DEFAULT-VALUE}).")
  int cliRuns;

  @Option(names = "--job-warmup", paramLabel = "N", defaultValue = "" + DEFAULT_JOB_WARMUP,
      description = "Unmeasured jobs before each job latency series (default: ${DEFAULT-VALUE}).")
  int jobWarmup;

  @Option(names = "--job-runs", paramLabel = "N", defaultValue = "" + DEFAULT_JOB_RUNS,
      description = "Measured jobs per job latency series (default: ${DEFAULT-VALUE}).")
  int jobRuns;

  @Option(names = "--job-clients", paramLabel = "N", defaultValue = "" + DEFAULT_JOB_CLIENTS,
      description = "Client threads of the job throughput runs (default: ${DEFAULT-VALUE}).")
  int jobClients;

  @Option(names = "--job-load-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_JOB_LOAD_SECONDS,
      description = "Length of each job throughput run (default: ${DEFAULT-VALUE}).")
  int jobLoadSeconds;

  @Option(names = "--job-poll-ms", paramLabel = "MS", defaultValue = "" + DEFAULT_JOB_POLL_MILLIS,
      description = "Polling interval while waiting for a job or program "
          + "(default: ${DEFAULT-VALUE}).")
  int jobPollMillis;

  @Option(names = "--supervisord", paramLabel = "PROGRAM", defaultValue = DEFAULT_SUPERVISORD,
      description = "supervisord to compare with, a path or a name on PATH; supervisorctl is "
          + "taken from beside it (default: ${DEFAULT-VALUE}).")
  String supervisord;

  @Option(names = "--only", paramLabel = "PART", split = ",",
      description = "Run only these parts: bus, node (cold start beside a bare Hazelcast "
          + "member, idle memory, CLI), jobs, profile, history, burst, scale (submits on 1, 3 "
          + "and 5 nodes), nodeloss (a node killed under a job), trace (default: all).")
  List<String> only = new ArrayList<>(PARTS);

  @Option(names = "--profile-jobs", paramLabel = "N", defaultValue = "" + DEFAULT_PROFILE_JOBS,
      description = "Jobs of the profiled run, a node with Java Flight Recorder on every role; "
          + "0 skips it (default: ${DEFAULT-VALUE}).")
  int profileJobs;

  @Option(names = "--profile-warmup-jobs", paramLabel = "N",
      defaultValue = "" + DEFAULT_PROFILE_WARMUP_JOBS,
      description = "Unprofiled jobs before the profiled ones (default: ${DEFAULT-VALUE}).")
  int profileWarmupJobs;

  @Option(names = "--profile-dir", paramLabel = "DIR",
      description = "Where the folded stacks of the profiled run go, one file per role "
          + "(default: '" + DEFAULT_PROFILE_DIR_NAME + "' beside --out).")
  Path profileDir;

  @Option(names = "--history-jobs", paramLabel = "N", defaultValue = "" + DEFAULT_HISTORY_JOBS,
      description = "Ended jobs seeded into the history node's store (default: "
          + "${DEFAULT-VALUE}).")
  int historyJobs;

  @Option(names = "--history-submits", paramLabel = "N",
      defaultValue = "" + DEFAULT_HISTORY_SUBMITS,
      description = "Sequential submits timed on the empty and the history node (default: "
          + "${DEFAULT-VALUE}).")
  int historySubmits;

  @Option(names = "--history-idle-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_HISTORY_IDLE_SECONDS,
      description = "Window of the idle leader's CPU on the empty and the history node "
          + "(default: ${DEFAULT-VALUE}).")
  int historyIdleSeconds;

  @Option(names = "--history-jvm-opt", paramLabel = "ROLE=OPTION",
      description = "A daemon's --jvm-opt for both nodes of the history series (repeatable), "
          + "e.g. manager=-Xmx512m (default: none, the roles' own heaps).")
  List<String> historyJvmOpts = new ArrayList<>();

  @Option(names = "--burst-jobs", paramLabel = "N", defaultValue = "" + DEFAULT_BURST_JOBS,
      description = "Jobs submitted in the burst (default: ${DEFAULT-VALUE}).")
  int burstJobs;

  @Option(names = "--burst-clients", paramLabel = "N", defaultValue = "" + DEFAULT_BURST_CLIENTS,
      description = "Client threads of the burst (default: ${DEFAULT-VALUE}).")
  int burstClients;

  @Option(names = "--burst-wait-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_BURST_WAIT_SECONDS,
      description = "How long the burst's jobs have to end after the last submit (default: "
          + "${DEFAULT-VALUE}).")
  int burstWaitSeconds;

  @Option(names = "--scale-nodes", paramLabel = "N", split = ",",
      defaultValue = DEFAULT_SCALE_NODES,
      description = "Cluster sizes of the scale series, one cluster after the other "
          + "(default: ${DEFAULT-VALUE}).")
  List<Integer> scaleNodes;

  @Option(names = "--scale-rounds", paramLabel = "N", defaultValue = "" + DEFAULT_SCALE_ROUNDS,
      description = "Times the scale series goes through its sizes, interleaved (1, 3, 5, 1, "
          + "3, 5, ...): the machine's speed drifts over minutes, and each size meets the same "
          + "drift (default: ${DEFAULT-VALUE}).")
  int scaleRounds;

  @Option(names = "--scale-clients", paramLabel = "N", defaultValue = "" + DEFAULT_JOB_CLIENTS,
      description = "Client threads of the scale series, spread over the nodes' APIs "
          + "(default: ${DEFAULT-VALUE}).")
  int scaleClients;

  @Option(names = "--scale-warmup-jobs", paramLabel = "N",
      defaultValue = "" + DEFAULT_SCALE_WARMUP_JOBS,
      description = "Unmeasured jobs per node on each cluster of the scale series, before the "
          + "measured closed loop: N times its nodes in all, within --scale-warmup-seconds; 0 "
          + "warms up for --scale-warmup-seconds whatever it runs (default: ${DEFAULT-VALUE}).")
  int scaleWarmupJobs;

  @Option(names = "--scale-warmup-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_SCALE_WARMUP_SECONDS,
      description = "Longest unmeasured closed loop on each cluster of the scale series; 0 "
          + "leaves the warm-up out (default: ${DEFAULT-VALUE}).")
  int scaleWarmupSeconds;

  @Option(names = "--scale-load-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_JOB_LOAD_SECONDS,
      description = "Measured closed loop on each cluster of the scale series "
          + "(default: ${DEFAULT-VALUE}).")
  int scaleLoadSeconds;

  @Option(names = "--scale-rate", paramLabel = "N", defaultValue = "" + DEFAULT_SCALE_RATE,
      description = "Submits a second of the scale series' fixed-rate run, after its closed "
          + "loop; 0 leaves it out (default: ${DEFAULT-VALUE}).")
  int scaleRate;

  @Option(names = "--scale-rate-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_SCALE_RATE_SECONDS,
      description = "Length of the scale series' fixed-rate run (default: ${DEFAULT-VALUE}).")
  int scaleRateSeconds;

  @Option(names = "--nodeloss-rounds", paramLabel = "N",
      defaultValue = "" + DEFAULT_NODELOSS_ROUNDS,
      description = "Nodes killed, one a round, in the node-loss series (default: "
          + "${DEFAULT-VALUE}; a round takes about 30 s).")
  int nodelossRounds;

  @Option(names = "--nodeloss-instances", paramLabel = "N",
      defaultValue = "" + DEFAULT_NODELOSS_INSTANCES,
      description = "Instances of each round's job (default: ${DEFAULT-VALUE}).")
  int nodelossInstances;

  @Option(names = "--nodeloss-poll-ms", paramLabel = "MS",
      defaultValue = "" + DEFAULT_NODELOSS_POLL_MILLIS,
      description = "Interval of the polls that time a recovery (default: ${DEFAULT-VALUE}).")
  int nodelossPollMillis;

  @Option(names = "--nodeloss-bound-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_NODELOSS_BOUND_SECONDS,
      description = "How long a round waits for every instance to run on the other nodes "
          + "(default: ${DEFAULT-VALUE}).")
  int nodelossBoundSeconds;

  @Option(names = "--failure-timeout-seconds", paramLabel = "N",
      defaultValue = "" + DEFAULT_FAILURE_TIMEOUT_SECONDS,
      description = "Handed to every daemon of the node-loss series: a member silent this "
          + "long is declared gone (default: ${DEFAULT-VALUE}, the daemon's own).")
  int failureTimeoutSeconds;

  @Option(names = "--command", paramLabel = "TEXT", hidden = true,
      description = "The command line to print in the report (set by bench/run.sh).")
  String command;

  Path launcher() {
    return dist.resolve("bin").resolve("snowfox").toAbsolutePath();
  }

  /** The folded stacks' directory: --profile-dir, or {@code profiles} beside the report. */
  Path profileDir() {
    if (profileDir != null) {
      return profileDir;
    }
    Path parent = out.getParent();
    return parent == null ? Path.of(DEFAULT_PROFILE_DIR_NAME)
        : parent.resolve(DEFAULT_PROFILE_DIR_NAME);
  }

  Duration loadWarmup() {
    return Duration.ofSeconds(loadWarmupSeconds);
  }

  Duration load() {
    return Duration.ofSeconds(loadSeconds);
  }

  Duration jobLoad() {
    return Duration.ofSeconds(jobLoadSeconds);
  }

  Duration jobPoll() {
    return Duration.ofMillis(jobPollMillis);
  }

  Duration scaleWarmup() {
    return Duration.ofSeconds(scaleWarmupSeconds);
  }

  Duration scaleLoad() {
    return Duration.ofSeconds(scaleLoadSeconds);
  }

  Duration scaleRateRun() {
    return Duration.ofSeconds(scaleRateSeconds);
  }

  Duration nodelossPoll() {
    return Duration.ofMillis(nodelossPollMillis);
  }

  Duration nodelossBound() {
    return Duration.ofSeconds(nodelossBoundSeconds);
  }

  /** Whether {@code part} (one of {@link #PARTS}) is to run. */
  boolean runs(String part) {
    return only.contains(part);
  }

  /** Checks values; the message names the option. */
  void validate() {
    if (!java.nio.file.Files.isExecutable(launcher())) {
      throw new IllegalArgumentException("--dist " + dist + ": no executable bin/snowfox; build "
          + "the distribution first (mvn -o -DskipTests install)");
    }
    positive("--round-trips", roundTrips);
    positive("--in-flight", inFlight);
    positive("--load-seconds", loadSeconds);
    positive("--cold-starts", coldStarts);
    positive("--cli-runs", cliRuns);
    positive("--job-runs", jobRuns);
    positive("--job-clients", jobClients);
    positive("--job-load-seconds", jobLoadSeconds);
    positive("--job-poll-ms", jobPollMillis);
    positive("--history-jobs", historyJobs);
    positive("--history-submits", historySubmits);
    positive("--history-idle-seconds", historyIdleSeconds);
    positive("--burst-jobs", burstJobs);
    positive("--burst-clients", burstClients);
    positive("--burst-wait-seconds", burstWaitSeconds);
    positive("--scale-clients", scaleClients);
    positive("--scale-load-seconds", scaleLoadSeconds);
    positive("--scale-rate-seconds", scaleRateSeconds);
    positive("--scale-rounds", scaleRounds);
    if (scaleRate < 0) {
      throw new IllegalArgumentException("--scale-rate must be at least 0, got " + scaleRate);
    }
    positive("--nodeloss-rounds", nodelossRounds);
    positive("--nodeloss-instances", nodelossInstances);
    positive("--nodeloss-poll-ms", nodelossPollMillis);
    positive("--nodeloss-bound-seconds", nodelossBoundSeconds);
    positive("--failure-timeout-seconds", failureTimeoutSeconds);
    for (int nodes : scaleNodes) {
      positive("--scale-nodes", nodes);
    }
    for (String part : only) {
      if (!PARTS.contains(part)) {
        throw new IllegalArgumentException("--only: unknown part '" + part + "'; the parts are "
            + String.join(", ", PARTS));
      }
    }
    if (warmupRoundTrips < 0 || loadWarmupSeconds < 0 || idleSeconds < 0 || jobWarmup < 0
        || profileWarmupJobs < 0 || scaleWarmupSeconds < 0 || scaleWarmupJobs < 0) {
      throw new IllegalArgumentException("warm-up and idle values must not be negative");
    }
    if (profileJobs < 0) {
      throw new IllegalArgumentException("--profile-jobs must not be negative (0 skips the "
          + "profiled run), got " + profileJobs);
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }
}
