package io.snowfox.bench;

import io.snowfox.client.Event;
import io.snowfox.client.EventFilter;
import io.snowfox.client.Instance;
import io.snowfox.client.Job;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One round of the node-loss series ({@link NodeLossBench}): a job of its own, one node that
 * runs some of its instances killed, the polls that time the recovery, the events that say
 * where the time went, the node started again, the job's processes counted, the job stopped.
 */
final class NodeLossRound {

  static final String JOB_NAME = "bench-nodeloss";
  static final List<String> WORKLOAD = List.of("/bin/sleep", "100000");
  /** Set in each round's job's environment: how its processes are found on the machine. */
  static final String MARKER = "SNOWFOX_BENCH_NODELOSS";
  /** A poll left unanswered this long counts as failed, and the next is sent. */
  static final Duration POLL_TIMEOUT = Duration.ofSeconds(2);
  static final Duration LOOK_INTERVAL = Duration.ofMillis(100);
  /** How long a new job may take until every instance runs. */
  static final Duration PLACE_BOUND = Duration.ofSeconds(60);
  /** Left to the cluster once the node is back, before the processes are counted. */
  static final Duration SETTLE = Duration.ofSeconds(3);
  /** The last round's job is counted again after this, before it is stopped. */
  static final Duration FINAL_WATCH = Duration.ofSeconds(12);
  static final Duration STOP_BOUND = Duration.ofSeconds(60);

  private final BenchOptions options;
  private final LoopbackCluster cluster;
  private final int round;
  /** The value of {@link #MARKER} in this round's job's environment. */
  private final String marker;
  private String jobId;
  /** The API the job is asked through: the oldest node's that is up. */
  private JobsApi api;

  NodeLossRound(BenchOptions options, LoopbackCluster cluster, int round) {
    this.options = options;
    this.cluster = cluster;
    this.round = round;
    this.marker = ProcessHandle.current().pid() + "-r" + round;
  }

  NodeLossBench.Round run() throws Exception {
    api = cluster.api(cluster.slotOf(cluster.joinOrder().get(0)));
    JsonObject spec = JobsApi.spec(JOB_NAME, WORKLOAD.get(0), WORKLOAD.get(1))
        .put("instances", options.nodelossInstances)
        .put("restart", new JsonObject().put("policy", "always"))
        .put("env", new JsonObject().put(MARKER, marker));
    jobId = api.submit(spec);
    Job job = awaitAllRunning(api, PLACE_BOUND);
    Map<String, Integer> placement = NodeLossBench.placement(job);
    Victims.Choice victim = Victims.choose(round, cluster.joinOrder(), placement);
    int victimSlot = cluster.slotOf(victim.nodeId());
    Set<Long> instancePids = instancePids(job, victim.nodeId());

    NodeKill kill = cluster.kill(victimSlot, instancePids);
    if (!kill.survivors().isEmpty()) {
      throw new IllegalStateException("processes of " + victim.nodeId()
          + " survived SIGKILL: " + kill.survivors());
    }
    int pollSlot = cluster.slotOf(cluster.joinOrder().get(0));
    api = cluster.api(pollSlot);
    Recovery recovery = awaitRecovery(cluster.api(pollSlot, POLL_TIMEOUT), victim.nodeId(),
        kill.atNanos());
    NodeLossBench.Milestones events = milestones(api, victim.nodeId(), kill.at());
    BenchMain.say("nodeloss: round " + round + ": " + victim.nodeId()
        + (victim.oldest() ? " (oldest member)" : "") + " killed; " + (recovery.recovered
        == null ? "NOT recovered within " + options.nodelossBound().toSeconds() + " s"
        : "every instance running elsewhere after " + recovery.recovered.toMillis() + " ms")
        + " (none shown on it after " + (recovery.noticed == null ? "-"
        : recovery.noticed.toMillis() + " ms") + "; " + recovery.failures + " of "
        + (recovery.answers + recovery.failures) + " polls failed; " + events + ")");

    Duration green = cluster.startNode(victimSlot);
    cluster.awaitAllGreen(pollSlot, LoopbackCluster.GREEN_TIMEOUT);
    awaitAllRunning(api, options.nodelossBound());
    Thread.sleep(SETTLE.toMillis());
    NodeLossBench.Count afterReturn = count();
    BenchMain.say("nodeloss: round " + round + ": " + victim.nodeId() + " GREEN again after "
        + green.toMillis() + " ms; " + afterReturn);
    return new NodeLossBench.Round(round, victim.nodeId(), victim.oldest(), placement,
        kill.kinds(), recovery.noticed, recovery.recovered, events, recovery.answers,
        recovery.failures, recovery.byKind, green, afterReturn, 0);
  }

  /** When the events the API server kept say the cluster saw the loss and healed. */
  private NodeLossBench.Milestones milestones(JobsApi through, String victim, Instant killedAt) {
    try {
      Duration left = null;
      for (Event event : through.recentEvents(EventFilter.ofTypes(Event.NODE_LEFT))) {
        if (victim.equals(event.data().get("node"))) {
          left = earliest(left, since(killedAt, event));
        }
      }
      Duration ended = null;
      Duration started = null;
      for (Event event : through.recentEvents(EventFilter.ofTypes(Event.INSTANCE_LOST,
          Event.INSTANCE_KILLED, Event.INSTANCE_EXITED, Event.INSTANCE_STARTED).forJob(jobId))) {
        Duration at = since(killedAt, event);
        if (at == null) {
          continue;
        }
        if (event.type().equals(Event.INSTANCE_STARTED)) {
          started = started == null || at.compareTo(started) > 0 ? at : started;
        } else if (victim.equals(event.data().get("node"))) {
          ended = earliest(ended, at);
        }
      }
      return new NodeLossBench.Milestones(left, ended, started);
    } catch (IOException | RuntimeException e) {
      BenchMain.say("nodeloss: round " + round + ": no events: " + e.getMessage());
      return new NodeLossBench.Milestones(null, null, null);
    }
  }

  /** The job's processes, counted again after {@link #FINAL_WATCH}. */
  NodeLossBench.Count watchAgain() throws Exception {
    Thread.sleep(FINAL_WATCH.toMillis());
    NodeLossBench.Count again = count();
    BenchMain.say("nodeloss: " + FINAL_WATCH.toSeconds() + " s later: " + again);
    return again;
  }

  /**
   * Stops the job (when it was submitted), waits until it has ended and none of its
   * processes is left, and kills by pid any that is left then; returns how many were.
   */
  int stopJob() {
    if (jobId == null) {
      return 0;
    }
    List<MarkedProcesses.Marked> left = List.of();
    try {
      api.stop(jobId);
      long deadline = System.nanoTime() + STOP_BOUND.toNanos();
      while (System.nanoTime() < deadline) {
        long look = System.nanoTime();
        String state = api.job(jobId).state();
        left = MarkedProcesses.find(MARKER, marker, cluster.daemons());
        if (!state.equals("pending") && !state.equals("running") && left.isEmpty()) {
          return 0;
        }
        Series.sleepUntil(look + LOOK_INTERVAL.toNanos());
      }
    } catch (IOException | RuntimeException e) {
      BenchMain.say("nodeloss: round " + round + ": stopping job " + jobId + ": "
          + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      left = MarkedProcesses.find(MARKER, marker, cluster.daemons());
    } catch (IOException e) {
      BenchMain.say("nodeloss: cannot look for the job's processes: " + e.getMessage());
    }
    for (MarkedProcesses.Marked process : left) {
      ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }
    if (!left.isEmpty()) {
      BenchMain.say("nodeloss: round " + round + ": " + left.size() + " processes of the job "
          + "left after its stop; killed by pid");
    }
    return left.size();
  }

  /** Instances running per the API against the job's processes on the machine. */
  private NodeLossBench.Count count() throws Exception {
    Job job = api.job(jobId);
    Set<Long> runningPids = new HashSet<>();
    int running = 0;
    for (Instance instance : job.instances()) {
      if (Instance.RUNNING.equals(instance.state())) {
        running++;
        runningPids.add(instance.pid());
      }
    }
    List<MarkedProcesses.Marked> found = MarkedProcesses.find(MARKER, marker,
        cluster.daemons());
    Map<String, Integer> byNode = new TreeMap<>();
    int untracked = 0;
    for (MarkedProcesses.Marked process : found) {
      byNode.merge(process.nodeId(), 1, Integer::sum);
      if (!runningPids.contains(process.pid())) {
        untracked++;
      }
    }
    return new NodeLossBench.Count(running, found.size(), untracked, byNode);
  }

  /** The pids the job shows on {@code nodeId} that are processes of this round's job. */
  private Set<Long> instancePids(Job job, String nodeId) throws IOException {
    Set<Long> ours = new HashSet<>();
    MarkedProcesses.find(MARKER, marker, Map.of()).forEach(p -> ours.add(p.pid()));
    Set<Long> pids = new HashSet<>();
    for (Instance instance : job.instances()) {
      long pid = instance.pid();
      if (nodeId.equals(instance.node()) && ours.contains(pid)) {
        pids.add(pid);
      }
    }
    return pids;
  }

  /** Polls the job until every instance runs; its last answer. */
  private Job awaitAllRunning(JobsApi through, Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      long look = System.nanoTime();
      try {
        Job job = through.job(jobId);
        List<Instance> instances = job.instances();
        if (instances.size() == options.nodelossInstances
            && instances.stream().allMatch(i -> Instance.RUNNING.equals(i.state()))) {
          return job;
        }
        last = NodeLossBench.placement(job) + " " + job.state();
      } catch (IOException e) {
        last = e.getMessage();
      }
      Series.sleepUntil(look + LOOK_INTERVAL.toNanos());
    }
    throw new IllegalStateException("job " + jobId + ": not every instance running within "
        + bound.toSeconds() + " s; last: " + last);
  }

  /**
   * Polls the job every {@code --nodeloss-poll-ms} from the kill on, until every instance
   * runs and none on the victim, or the bound.
   */
  private Recovery awaitRecovery(JobsApi through, String victim, long killedAt)
      throws InterruptedException {
    Recovery recovery = new Recovery();
    long deadline = killedAt + options.nodelossBound().toNanos();
    long interval = options.nodelossPoll().toNanos();
    while (System.nanoTime() < deadline) {
      long look = System.nanoTime();
      try {
        List<Instance> instances = through.job(jobId).instances();
        long at = System.nanoTime();
        recovery.answers++;
        boolean onVictim = instances.stream().anyMatch(i -> victim.equals(i.node())
            && Instance.RUNNING.equals(i.state()));
        if (recovery.noticed == null && !onVictim) {
          recovery.noticed = Duration.ofNanos(at - killedAt);
        }
        if (!onVictim && instances.size() == options.nodelossInstances
            && instances.stream().allMatch(i -> Instance.RUNNING.equals(i.state())
                && !victim.equals(i.node()))) {
          recovery.recovered = Duration.ofNanos(at - killedAt);
          return recovery;
        }
      } catch (IOException e) {
        recovery.failures++;
        recovery.byKind.merge(kind(e), 1, Integer::sum);
      }
      Series.sleepUntil(look + interval);
    }
    return recovery;
  }

  /** What the polls of one recovery saw. */
  private static final class Recovery {
    Duration noticed;
    Duration recovered;
    int answers;
    int failures;
    final Map<String, Integer> byKind = new TreeMap<>();
  }

  /** An event's time after {@code killedAt}; null for an event before it. */
  private static Duration since(Instant killedAt, Event event) {
    Instant at = event.time();
    return at.isBefore(killedAt) ? null : Duration.between(killedAt, at);
  }

  private static Duration earliest(Duration a, Duration b) {
    return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
  }

  /** A failed poll's kind: the HTTP status, a timeout or a connection error. */
  private static String kind(IOException e) {
    return e instanceof JobsApi.Failure failure ? failure.kind() : e.getClass().getSimpleName();
  }
}
