package io.snowfox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Whether a node's cost grows with its history (issue 8): an empty node, then one whose
 * manager's store holds many ended jobs ({@link HistorySeed}), each left idle for a window
 * while the CPU of its processes is read, then given sequential submits whose answers are
 * timed. The two nodes run one after the other, never together.
 */
final class HistoryBench {

  /** A node with a long history may take long to load it; a failure to is reported. */
  static final Duration GREEN_TIMEOUT = Duration.ofMinutes(10);
  /** Manager processes seen while waiting for the history, the first one included, at most. */
  static final int MAX_MANAGER_STARTS = 3;
  static final Duration LOOK_INTERVAL = Duration.ofMillis(200);

  /**
   * One node of the series.
   *
   * @param history ended jobs seeded before its start (0: the empty node)
   * @param seed how long writing them into the store took
   * @param seededBytes the store on disk once they were written (closed, so compacted)
   * @param green launch to GREEN
   * @param loaded launch to the first answer that found the last seeded job through the API
   * @param managers manager processes seen from GREEN to the end (more than one: it restarted)
   * @param cpu CPU milliseconds per second of each process over the idle window
   * @param submit {@code POST /v1/jobs} answer times, after the idle window
   * @param pssKib the node's PSS (daemon and every descendant) after the submits
   * @param storeBytes the manager's store on disk at the end
   */
  record Side(int history, Duration seed, long seededBytes, Duration green, Duration loaded, int managers,
      List<ProcCpu.Row> cpu, Histogram submit, long pssKib, long storeBytes) {

    /** CPU ms per s of one role over the idle window, or -1 when it was not read. */
    double cpuOf(String role) {
      return cpu.stream().filter(row -> row.process().equals(role))
          .mapToDouble(ProcCpu.Row::own).findFirst().orElse(-1);
    }
  }

  /** Both nodes; the history node may have failed (to start, say) and is then reported. */
  record Result(Side empty, Outcome<Side> history) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  HistoryBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() throws Exception {
    Side empty = measure("history-empty", 0);
    Outcome<Side> history = Outcome.of("history node",
        () -> measure("history-" + options.historyJobs, options.historyJobs));
    return new Result(empty, history);
  }

  private Side measure(String dirName, int history) throws Exception {
    Path data = Files.createDirectories(workDir.resolve(dirName).resolve("data"));
    Duration seed = Duration.ZERO;
    long seededBytes = 0;
    String lastSeeded = null;
    if (history > 0) {
      BenchMain.say("history: writing " + history + " ended jobs into " + data);
      HistorySeed.Seeded seeded = HistorySeed.write(data, NodeBench.NODE_ID, history);
      seed = seeded.took();
      seededBytes = seeded.storeBytes();
      lastSeeded = seeded.lastId();
      BenchMain.say("history: written in " + seed.toSeconds() + " s");
    }
    NodeBench nodes = new NodeBench(options, processes, workDir,
        "bench-" + dirName + "-" + ProcessHandle.current().pid());
    NodeBench.Launch launch = new NodeBench.Launch(
        NodeBench.Launch.jvmOpts(options.historyJvmOpts), Map.of());
    long launched = System.nanoTime();
    NodeBench.Node node = nodes.startGreen(dirName, launch, GREEN_TIMEOUT);
    Duration green = Duration.ofNanos(System.nanoTime() - launched);
    try {
      JobsApi api = new JobsApi(node.api(), data);
      Set<Long> managers = new HashSet<>();
      managers.add(managerPid(node));
      Duration loaded = lastSeeded == null ? green
          : awaitLoaded(api, lastSeeded, node, managers);
      BenchMain.say("history: " + dirName + " idle for " + options.idleSeconds + " s, then "
          + "its CPU read over " + options.historyIdleSeconds + " s");
      Thread.sleep(Duration.ofSeconds(options.idleSeconds).toMillis());
      Map<String, ProcessHandle> measured = ProcCpu.roles(node.daemon().toHandle());
      Map<String, ProcCpu.Ticks> before = ProcCpu.sample(measured);
      Thread.sleep(Duration.ofSeconds(options.historyIdleSeconds).toMillis());
      List<ProcCpu.Row> cpu = ProcCpu.perUnit(before, ProcCpu.sample(measured),
          options.historyIdleSeconds);
      Histogram submit = Series.run("history: " + dirName + ": POST /v1/jobs",
          options.jobWarmup, options.historySubmits, i -> {
            long begun = System.nanoTime();
            api.submit(JobsApi.spec("bench-history-submit", SnowfoxJobBench.TRUE));
            return System.nanoTime() - begun;
          });
      long pss = ProcMemory.pssKib(ProcMemory.node(node.daemon().toHandle()));
      managers.add(managerPid(node));
      managers.remove(-1L);
      return new Side(history, seed, seededBytes, green, loaded, managers.size(), cpu, submit, pss,
          DataDirs.bytes(data.resolve("manager")));
    } finally {
      Processes.Stop stop = processes.stop(node.daemon().toHandle(), NodeBench.STOP_GRACE);
      BenchMain.say("history: " + dirName + " stopped in " + stop.elapsed().toMillis() + " ms");
    }
  }

  /**
   * Polls {@code GET /v1/jobs/{id}} of the last seeded job until it is found, and returns the
   * time since the launch: GREEN says the manager is up, not that it serves jobs. Fails when
   * the manager has been started {@link #MAX_MANAGER_STARTS} times meanwhile, with its last
   * error, and after {@link #GREEN_TIMEOUT}.
   */
  private static Duration awaitLoaded(JobsApi api, String jobId, NodeBench.Node node,
      Set<Long> managers) throws InterruptedException, IOException {
    long deadline = node.launchedNanos() + GREEN_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      long look = System.nanoTime();
      try {
        api.job(jobId);
        Duration loaded = Duration.ofNanos(System.nanoTime() - node.launchedNanos());
        BenchMain.say("history: seeded job " + jobId + " found " + loaded.toMillis()
            + " ms after the launch");
        return loaded;
      } catch (IOException e) {
        last = e.getMessage();
      }
      managers.add(managerPid(node));
      managers.remove(-1L);
      if (managers.size() >= MAX_MANAGER_STARTS) {
        throw new IllegalStateException("GREEN, but the manager was started " + managers.size()
            + " times without serving the seeded jobs; its last error: "
            + lastError(node.dir().resolve("data").resolve("logs").resolve("manager.log"))
            + "; the last answer: " + last);
      }
      Series.sleepUntil(look + LOOK_INTERVAL.toNanos());
    }
    throw new IllegalStateException("the seeded job " + jobId + " was not found within "
        + GREEN_TIMEOUT.toMinutes() + " min of the launch; last answer: " + last);
  }

  /** The message of the last ERROR line of a role's JSON log, or "none". */
  private static String lastError(Path log) throws IOException {
    if (!Files.isRegularFile(log)) {
      return "none (no " + log + ")";
    }
    String error = "none";
    try (Stream<String> lines = Files.lines(log)) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.contains("\"level\":\"ERROR\"")) {
          error = new io.vertx.core.json.JsonObject(line).getString("message", line);
        }
      }
    }
    return error;
  }

  /** The pid of the node's manager now, or -1 when it has none. */
  private static long managerPid(NodeBench.Node node) {
    ProcessHandle manager = ProcCpu.roles(node.daemon().toHandle()).get("manager");
    return manager == null ? -1 : manager.pid();
  }
}
