package io.snowfox.bench;

import io.snowfox.client.Job;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Submits as the cluster grows (issue 9): the same closed loop of {@code /bin/true} jobs as the
 * job section's throughput run, on clusters of 1, 3 and 5 nodes of this machine, one cluster
 * after the other. Client {@code c} submits through node {@code c mod N}'s API; one watcher
 * looks at the whole cluster through the first node's API. The POST's round trip is timed
 * apart from the job's whole way.
 */
final class ScaleBench {

  static final String NAME = "scale";
  static final String JOB_NAME = "bench-scale";
  /** The bound of the look at every job after the runs. */
  static final Duration LIST_TIMEOUT = Duration.ofSeconds(120);

  /**
   * One cluster size, measured once.
   *
   * @param round which pass over the sizes this was, from 1
   * @param start launch of the first node to the last one GREEN (nodes start one at a time)
   * @param warmup the unmeasured closed loop before the measured one, null when left out
   * @param load the measured closed loop: units are submit to seen ended
   * @param submit {@code POST /v1/jobs} round trips of the measured run
   * @param placed instances of the measured run's jobs per node
   * @param pssKib PSS of every node (daemons and descendants) after the run
   * @param cpu CPU milliseconds per ended job over the measured run, by {@link #cpuGroup}
   * @param steady the fixed-rate run after it (submits timed from when each was due), null
   *     when left out
   * @param steadyCpu CPU milliseconds per job submitted in the fixed-rate run, by {@link
   *     #cpuGroup}; empty when left out
   */
  record Step(int round, int nodes, Duration start, ClosedLoop.Result warmup,
      ClosedLoop.Result load, Histogram submit,
      Map<String, Integer> placed, long pssKib, Map<String, Double> cpu,
      FixedRate.Result steady, Map<String, Double> steadyCpu) {}

  /** One size of one round, measured or failed. */
  record Run(int round, int nodes, Outcome<Step> outcome) {}

  /** The bench JVM's row of the CPU table. */
  static final String CLIENTS = "bench JVM (clients)";
  /** The oldest node's manager: the one that leads today. */
  static final String FIRST_MANAGER = "manager of n1 (the oldest node)";
  static final String OTHER_MANAGERS = "managers of the other nodes";

  /**
   * Every size of every round, in the order run (round 1's sizes, then round 2's, ...);
   * {@code took} is the whole series. Each cluster warms up with {@code warmupJobs} per node
   * (any number when 0), for {@code warmup} at most.
   */
  record Result(int clients, int warmupJobs, Duration warmup, Duration window, int rounds,
      List<Run> runs, Duration took) {

    boolean ok() {
      return runs.stream().allMatch(run -> run.outcome().ok());
    }

    /** The sizes, smallest first. */
    List<Integer> sizes() {
      return runs.stream().map(Run::nodes).distinct().sorted().toList();
    }

    /** The measured runs of a size, in round order. */
    List<Step> measured(int nodes) {
      return runs.stream().filter(run -> run.nodes() == nodes && run.outcome().ok())
          .map(run -> run.outcome().value()).toList();
    }
  }

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  ScaleBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() {
    long begun = System.nanoTime();
    List<Run> runs = new ArrayList<>();
    for (int round = 1; round <= options.scaleRounds; round++) {
      for (int nodes : options.scaleNodes) {
        int pass = round;
        runs.add(new Run(round, nodes, Outcome.of("scale, " + nodes + " nodes, round " + round,
            () -> step(pass, nodes))));
      }
    }
    return new Result(options.scaleClients, options.scaleWarmupJobs, options.scaleWarmup(),
        options.scaleLoad(),
        options.scaleRounds, runs, Duration.ofNanos(System.nanoTime() - begun));
  }

  private Step step(int round, int size) throws Exception {
    long launched = System.nanoTime();
    try (LoopbackCluster cluster = LoopbackCluster.start(options, processes, workDir,
        NAME + size + "r" + round, size, List.of())) {
      Duration start = Duration.ofNanos(System.nanoTime() - launched);
      BenchMain.say("scale: " + size + " nodes GREEN after " + start.toMillis() + " ms");
      List<JobsApi> apis = new ArrayList<>();
      for (int slot = 0; slot < size; slot++) {
        apis.add(cluster.api(slot));
      }
      JsonObject spec = JobsApi.spec(JOB_NAME, SnowfoxJobBench.TRUE);
      String what = "scale: " + size + " nodes, " + options.scaleClients + " clients";
      ClosedLoop.Result warmup = null;
      if (!options.scaleWarmup().isZero()) {
        // As many jobs per node as one node ran: each JVM of a larger cluster sees its share.
        long jobs = options.scaleWarmupJobs == 0 ? Long.MAX_VALUE
            : (long) options.scaleWarmupJobs * size;
        warmup = ClosedLoop.polled(what + " (warm-up)", options.scaleClients,
            options.scaleWarmup(), jobs, options.jobPoll(),
            spread(apis, spec, ConcurrentHashMap.newKeySet(), null));
      }
      Set<String> submitted = ConcurrentHashMap.newKeySet();
      Histogram submit = new SynchronizedHistogram(Series.HIGHEST_NANOS, 3);
      Map<String, ProcessHandle> measured = new java.util.LinkedHashMap<>();
      measured.put(CLIENTS, ProcessHandle.current());
      for (int slot = 0; slot < size; slot++) {
        String node = cluster.nodeId(slot);
        ProcCpu.roles(cluster.daemon(slot)).forEach((role, process) ->
            measured.put(node + " " + role, process));
      }
      Map<String, ProcCpu.Ticks> before = ProcCpu.sample(measured);
      ClosedLoop.Result load = ClosedLoop.polled(what, options.scaleClients,
          options.scaleLoad(), options.jobPoll(), spread(apis, spec, submitted, submit));
      Map<String, Double> cpu = new java.util.LinkedHashMap<>();
      for (ProcCpu.Row row : ProcCpu.perUnit(before, ProcCpu.sample(measured), load.ended())) {
        cpu.merge(cpuGroup(row.process()), row.own(), Double::sum);
      }
      FixedRate.Result steady = null;
      Map<String, Double> steadyCpu = new java.util.LinkedHashMap<>();
      if (options.scaleRate > 0) {
        Map<String, ProcCpu.Ticks> steadyBefore = ProcCpu.sample(measured);
        steady = FixedRate.run("scale: " + size + " nodes, " + options.scaleRate + " submits/s",
            options.scaleRate, options.scaleRateRun(), options.scaleClients,
            index -> apis.get(index % apis.size()).submit(spec));
        for (ProcCpu.Row row : ProcCpu.perUnit(steadyBefore, ProcCpu.sample(measured),
            steady.sent())) {
          steadyCpu.merge(cpuGroup(row.process()), row.own(), Double::sum);
        }
      }
      Map<String, Integer> placed = new TreeMap<>();
      // Every job of the cluster, warm-up's included: 17,000 of them took longer than a
      // request's usual bound on 5 nodes of this machine, and sometimes longer than this one.
      // Only the placement column needs them: without them the step keeps its figures.
      try {
        for (Job job : cluster.api(0, LIST_TIMEOUT).jobs(null)) {
          if (submitted.contains(job.id())) {
            NodeLossBench.placement(job).forEach((node, n) -> placed.merge(node, n,
                Integer::sum));
          }
        }
      } catch (IOException | RuntimeException e) {
        BenchMain.say("scale: " + size + " nodes: the placement of the jobs is left out, "
            + "listing every job failed: " + e.getMessage());
      }
      return new Step(round, size, start, warmup, load, submit, placed, cluster.pssKib(), cpu, steady,
          steadyCpu);
    }
  }

  /**
   * The row a measured process counts in: its role summed over the nodes, but the oldest
   * node's manager apart from the others' (it leads; they stand by).
   */
  static String cpuGroup(String label) {
    if (label.equals(CLIENTS)) {
      return CLIENTS;
    }
    String role = label.substring(label.indexOf(' ') + 1);
    switch (role) {
      case "manager":
        return label.startsWith("n1 ") ? FIRST_MANAGER : OTHER_MANAGERS;
      case "api":
        return "API servers";
      default:
        return role + "s";
    }
  }

  /** The rows of the CPU table, in order. */
  static final List<String> CPU_GROUPS = List.of(CLIENTS, "daemons", "spawners", FIRST_MANAGER,
      OTHER_MANAGERS, "API servers");

  /**
   * Units submitted through the API of node {@code client mod N}, their POST timed into
   * {@code submit} (when not null), and seen ended through the first node's API.
   */
  private static ClosedLoop.Polled spread(List<JobsApi> apis, JsonObject spec,
      Set<String> submitted, Histogram submit) {
    List<ClosedLoop.Polled> through = apis.stream().map(api -> api.units(spec, submitted))
        .toList();
    return new ClosedLoop.Polled() {
      @Override
      public String begin(int client) throws Exception {
        long begun = System.nanoTime();
        String id = through.get(client % through.size()).begin(client);
        if (submit != null) {
          submit.recordValue(Math.min(System.nanoTime() - begun, Series.HIGHEST_NANOS));
        }
        return id;
      }

      @Override
      public Map<String, Boolean> ended(Set<String> keys) throws Exception {
        return through.get(0).ended(keys);
      }
    };
  }
}
