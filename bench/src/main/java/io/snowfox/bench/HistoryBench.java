package io.snowfox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

  /**
   * One node of the series.
   *
   * @param history ended jobs seeded before its start (0: the empty node)
   * @param seed how long writing them into the store took
   * @param green launch to GREEN (the leading manager is ready only once its jobs are loaded)
   * @param loaded whether the last seeded job was then found through the API
   * @param cpu CPU milliseconds per second of each process over the idle window
   * @param submit {@code POST /v1/jobs} answer times, after the idle window
   * @param pssKib the node's PSS (daemon and every descendant) after the submits
   * @param storeBytes the manager's store on disk at the end
   */
  record Side(int history, Duration seed, Duration green, boolean loaded,
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
    String lastSeeded = null;
    if (history > 0) {
      BenchMain.say("history: writing " + history + " ended jobs into " + data);
      HistorySeed.Seeded seeded = HistorySeed.write(data, NodeBench.NODE_ID, history);
      seed = seeded.took();
      lastSeeded = seeded.lastId();
      BenchMain.say("history: written in " + seed.toSeconds() + " s");
    }
    NodeBench nodes = new NodeBench(options, processes, workDir,
        "bench-" + dirName + "-" + ProcessHandle.current().pid());
    long launched = System.nanoTime();
    NodeBench.Node node = nodes.startGreen(dirName, GREEN_TIMEOUT);
    Duration green = Duration.ofNanos(System.nanoTime() - launched);
    try {
      JobsApi api = new JobsApi(node.api(), data);
      boolean loaded = lastSeeded == null || found(api, lastSeeded);
      BenchMain.say("history: " + dirName + " idle for " + options.idleSeconds + " s, then "
          + "its CPU read over " + options.historyIdleSeconds + " s");
      Thread.sleep(Duration.ofSeconds(options.idleSeconds).toMillis());
      Map<String, ProcessHandle> measured = ProcCpu.node(node.daemon().toHandle());
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
      return new Side(history, seed, green, loaded, cpu, submit, pss,
          DataDirs.bytes(data.resolve("manager")));
    } finally {
      Processes.Stop stop = processes.stop(node.daemon().toHandle(), NodeBench.STOP_GRACE);
      BenchMain.say("history: " + dirName + " stopped in " + stop.elapsed().toMillis() + " ms");
    }
  }

  /** Whether the API finds the job: a seeded job the manager did not load is a 404. */
  private static boolean found(JobsApi api, String jobId) throws InterruptedException {
    try {
      return api.job(jobId) != null;
    } catch (java.io.IOException e) {
      BenchMain.say("history: seeded job " + jobId + " not found: " + e.getMessage());
      return false;
    }
  }
}
