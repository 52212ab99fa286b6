package io.snowfox.bench;

import io.snowfox.client.Instance;
import io.snowfox.client.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How long a cluster takes to heal when a node dies (issue 9): three nodes on loopback, a job
 * of several {@code /bin/sleep} instances with restart {@code always}, then every process of one
 * node that runs some of them killed at once with SIGKILL (its daemon, its children, its
 * instances), and the time until a surviving node's API shows every instance running again,
 * none on the dead node. The dead node is then started again on its data dir, and the processes
 * of the job are counted on the whole machine: none may run twice.
 *
 * <p>Each round has a job of its own (stopped at the end of the round), so that every round
 * starts with instances that never restarted: restart back-off doubles with each restart of an
 * instance, and a job that went through every round would wait longer in each.
 */
final class NodeLossBench {

  static final String NAME = "nodeloss";
  static final int NODES = 3;

  /**
   * The job's processes at one moment.
   *
   * @param running instances the API showed running
   * @param processes live processes of the job on the machine (by its marker)
   * @param untracked of those, processes whose pid no running instance shows
   * @param byNode processes per node, by parent chain
   */
  record Count(int running, int processes, int untracked, Map<String, Integer> byNode) {
    /** Every running instance is one process, and every process an instance. */
    boolean once() {
      return processes == running && untracked == 0;
    }
  }

  /**
   * One round.
   *
   * @param victim the node killed
   * @param oldest whether it was the oldest member (today the leading manager's node)
   * @param placement instances per node at the kill
   * @param killed processes killed (its tree, plus reported pids outside it), by kind
   * @param noticed kill to the first answer that showed no instance running on the victim
   * @param recovered kill to the first answer that showed every instance running, none on the
   *     victim; null when not within the bound
   * @param events when the cluster's events said what happened, from the kill on
   * @param polls answers of the job while waiting, and failed polls (timeouts, 5xx)
   * @param returnedGreen the victim's launch to GREEN, started again after the recovery
   * @param afterReturn the job's processes once every node was GREEN again and settled
   * @param leftAfterStop processes of the job still alive once it was stopped (killed by pid)
   */
  record Round(int round, String victim, boolean oldest, Map<String, Integer> placement,
      Map<String, Integer> killed, Duration noticed, Duration recovered, Milestones events,
      int polls, int pollFailures,
      Map<String, Integer> failuresByKind, Duration returnedGreen, Count afterReturn,
      int leftAfterStop) {

    Round withLeftAfterStop(int left) {
      return new Round(round, victim, oldest, placement, killed, noticed, recovered, events,
          polls, pollFailures, failuresByKind, returnedGreen, afterReturn, left);
    }
  }

  /**
   * Times from the kill to events of {@code GET /v1/events} (the publisher's clock, this
   * machine's), each null when no such event was kept.
   *
   * @param nodeLeft {@code node.left} of the killed node
   * @param firstEnded the first {@code instance.lost}, {@code .killed} or {@code .exited} of an
   *     instance on the killed node
   * @param lastStarted the last {@code instance.started} of the job
   */
  record Milestones(Duration nodeLeft, Duration firstEnded, Duration lastStarted) {}

  /**
   * The rounds done; {@code stoppedBy} says why the rounds ended early, when they did.
   *
   * @param finalWatch the last round's job counted again {@link NodeLossRound#FINAL_WATCH} after the first
   *     count, or null when the rounds ended early
   */
  record Result(int nodes, int instances, int failureTimeoutSeconds, Duration poll,
      Duration bound, Duration clusterStart, List<Round> rounds, Count finalWatch,
      String stoppedBy, Duration took) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  NodeLossBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() throws Exception {
    long begun = System.nanoTime();
    List<String> daemonArgs = List.of("--failure-timeout-seconds",
        Integer.toString(options.failureTimeoutSeconds));
    try (LoopbackCluster cluster = LoopbackCluster.start(options, processes, workDir, NAME,
        NODES, daemonArgs)) {
      Duration clusterStart = Duration.ofNanos(System.nanoTime() - begun);
      BenchMain.say("nodeloss: " + NODES + " nodes GREEN after " + clusterStart.toMillis()
          + " ms");
      List<Round> rounds = new ArrayList<>();
      String stoppedBy = null;
      Count finalWatch = null;
      for (int r = 1; r <= options.nodelossRounds && stoppedBy == null; r++) {
        NodeLossRound run = new NodeLossRound(options, cluster, r);
        Round round = null;
        try {
          round = run.run();
          if (r == options.nodelossRounds) {
            finalWatch = run.watchAgain();
          }
        } catch (Exception e) {
          stoppedBy = "round " + r + ": " + (e.getMessage() == null ? e.toString()
              : e.getMessage());
          BenchMain.say("nodeloss: stopped: " + stoppedBy);
        }
        int left = run.stopJob();
        if (round != null) {
          rounds.add(left == 0 ? round : round.withLeftAfterStop(left));
        }
      }
      return new Result(NODES, options.nodelossInstances, options.failureTimeoutSeconds,
          options.nodelossPoll(), options.nodelossBound(), clusterStart, rounds, finalWatch,
          stoppedBy, Duration.ofNanos(System.nanoTime() - begun));
    }
  }

  /** Instances per node. */
  static Map<String, Integer> placement(Job job) {
    Map<String, Integer> placement = new TreeMap<>();
    for (Instance instance : job.instances()) {
      placement.merge(instance.node(), 1, Integer::sum);
    }
    return placement;
  }
}
