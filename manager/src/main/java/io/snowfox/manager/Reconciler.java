package io.snowfox.manager;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.snowfox.manager.jobs.InstanceMachine;
import io.snowfox.manager.jobs.JobSpecs;
import io.snowfox.manager.jobs.NodeLoss;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.ListProcesses;
import io.snowfox.protocol.v1.ProcessInfo;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the jobs true to what runs. Two triggers:
 *
 * <ul>
 *   <li>Membership (at once): a node whose daemon and spawner have both left the cluster is gone,
 *       and its runs are lost and re-placed by their restart policy, provided this leader sees a
 *       majority of the known nodes ({@link NodeLoss}). A spawner that joins is checked at once,
 *       so a node that comes back after its instances were re-placed has their old runs stopped.
 *   <li>Every {@link #EVERY} (level-triggered): each live spawner's runs are listed. A running
 *       instance whose run its spawner does not know at two checks in a row is lost; a stopping
 *       one whose run still runs is sent StopProcess again; a run no instance owns any more (left
 *       by a manager or spawner that died at the wrong moment, or by a node that came back) is
 *       stopped. A node whose daemon is up but whose spawner is restarting is skipped.
 * </ul>
 */
final class Reconciler implements MembershipListener {

  static final java.time.Duration EVERY = java.time.Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final String SPAWNER = Roles.name(Role.ROLE_SPAWNER);
  private static final String DAEMON = Roles.name(Role.ROLE_DAEMON);

  private final RoleContext role;
  private final Context context;
  private final JobBook book;
  private final NodeCatalog nodes;
  private final Runs runs;
  private final Scheduler scheduler;
  /** Run ids a spawner did not list at the last reconciliation. */
  private Set<String> missingOnce = new HashSet<>();

  /**
   * @param merged asked to look for jobs the cluster map holds in a newer version than this
   *     leader: a daemon that joins may be the other side of a split merging back
   */
  /** How long after a daemon joins the leader first looks for jobs a merge brought. */
  static final java.time.Duration MERGE_LOOK_DELAY = java.time.Duration.ofSeconds(2);

  private final Runnable merged;
  /** How long a run of an unknown job is left alone, while the job map is read again. */
  static final java.time.Duration UNKNOWN_JOB_GRACE = java.time.Duration.ofSeconds(8);
  /** Runs of jobs this leader does not know: when each was first seen. */
  private final Map<String, Long> unknownJobRuns = new java.util.concurrent.ConcurrentHashMap<>();

  Reconciler(RoleContext role, Context context, JobBook book, NodeCatalog nodes, Runs runs,
      Scheduler scheduler, Runnable merged) {
    this.merged = merged;
    this.role = role;
    this.context = context;
    this.book = book;
    this.nodes = nodes;
    this.runs = runs;
    this.scheduler = scheduler;
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    String node = event.getMember().getAttribute(Clusters.NODE_ATTRIBUTE);
    if (node != null && DAEMON.equals(event.getMember().getAttribute(Clusters.ROLE_ATTRIBUTE))) {
      // Once the merge has moved the other side's entries in, and once more when it should
      // have settled.
      long settled = TimeUnit.SECONDS.toMillis(3L * role.cluster().failureTimeoutSeconds());
      for (long delay : new long[] {MERGE_LOOK_DELAY.toMillis(), settled}) {
        role.vertx().setTimer(delay, id -> context.runOnContext(v -> merged.run()));
      }
    }
    if (node != null && SPAWNER.equals(event.getMember().getAttribute(Clusters.ROLE_ATTRIBUTE))) {
      context.runOnContext(v -> Correlation.runIn(new Correlation.Scope(Envelopes.newId(),
          "NodeJoined"), () -> {
            log.info("the spawner of node {} joined; checking its runs", node);
            check(node, new HashMap<>(), new HashSet<>());
            scheduler.soon();
          }));
    }
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    String node = event.getMember().getAttribute(Clusters.NODE_ATTRIBUTE);
    String memberRole = event.getMember().getAttribute(Clusters.ROLE_ATTRIBUTE);
    if (node != null && (SPAWNER.equals(memberRole) || DAEMON.equals(memberRole))) {
      context.runOnContext(v -> Correlation.runIn(new Correlation.Scope(Envelopes.newId(),
          "NodeLeft"), () -> nodeLeft(node)));
    }
  }

  /** At the start of a leadership: the nodes the jobs use that left before it. */
  void nodesGoneBefore() {
    Set<String> used = new java.util.TreeSet<>();
    book.table().active().forEach(job -> job.getInstancesList().forEach(instance -> {
      if (!instance.getNodeId().isEmpty()) {
        used.add(instance.getNodeId());
      }
    }));
    Set<String> spawners = nodes.liveSpawners();
    Set<String> daemons = nodes.liveDaemons();
    used.stream().filter(node -> NodeLoss.gone(node, spawners, daemons))
        .forEach(node -> Correlation.runIn(new Correlation.Scope(Envelopes.newId(),
            "NodeLeft"), () -> nodeLeft(node)));
  }

  /** A member of the node left: when the node is gone, its runs are lost. */
  private void nodeLeft(String node) {
    Set<String> spawners = nodes.liveSpawners();
    Set<String> daemons = nodes.liveDaemons();
    if (!NodeLoss.gone(node, spawners, daemons)) {
      return;
    }
    forgetReplaced(node, Set.of());
    Map<String, String> lost = NodeLoss.runsOn(book.table().active(), node);
    if (lost.isEmpty()) {
      log.info("node {} left the cluster; none of its runs was placed there", node);
      return;
    }
    nodes.current().onSuccess(snapshot -> {
      if (!NodeLoss.quorum(snapshot.known(), snapshot.liveDaemons())) {
        log.warn("node {} left the cluster, but this manager sees only {} of the {} known nodes "
            + "({}): not a majority, so its {} run(s) are not declared lost (they may still run "
            + "on the other side of a split)", node, snapshot.liveDaemons().size(),
            snapshot.known().size(), snapshot.known(), lost.size());
        return;
      }
      log.warn("node {} left the cluster (daemon and spawner gone): its {} run(s) are lost",
          node, lost.size());
      lost.forEach((runId, jobId) -> {
        if (startMayHaveReached(jobId, runId)) {
          // Its StartProcess may have started it there: it is sent again until the node's
          // spawner answers (it knows its runs after a restart, so the run starts at most once)
          // or the start gives up.
          log.info("run {} was starting on node {}; its start is sent again until the node "
              + "answers or the start gives up", runId, node);
          return;
        }
        markLost(jobId, runId, "node " + node + " left the cluster");
      });
      scheduler.soon();
    }).onFailure(failure -> log.warn("node {} left, but the node list is not readable ({}); "
        + "the next reconciliation looks again", node, failure.getMessage()));
  }

  /** A starting run whose StartProcess may have reached its spawner. */
  private boolean startMayHaveReached(String jobId, String runId) {
    Job job = book.get(jobId);
    return job != null && !runs.neverStarted(runId) && job.getInstancesList().stream()
        .anyMatch(i -> runId.equals(i.getRunId())
            && i.getState() == InstanceState.INSTANCE_STATE_STARTING);
  }

  /** The periodic check of every node's runs. */
  void reconcile() {
    Map<String, Instance> active = new HashMap<>();
    Map<String, String> jobOfRun = new HashMap<>();
    Set<String> nodesInUse = new HashSet<>();
    for (Job job : book.table().active()) {
      for (Instance instance : job.getInstancesList()) {
        InstanceState state = instance.getState();
        if (state == InstanceState.INSTANCE_STATE_RUNNING
            || state == InstanceState.INSTANCE_STATE_STOPPING
            || state == InstanceState.INSTANCE_STATE_STARTING) {
          active.put(instance.getRunId(), instance);
          jobOfRun.put(instance.getRunId(), job.getId());
          nodesInUse.add(instance.getNodeId());
        }
      }
    }
    Set<String> liveSpawners = nodes.liveSpawners();
    nodesInUse.addAll(liveSpawners);
    Set<String> liveDaemons = nodes.liveDaemons();
    Set<String> missing = new HashSet<>();
    List<Future<?>> asks = new ArrayList<>();
    for (String node : nodesInUse) {
      if (!liveSpawners.contains(node)) {
        if (NodeLoss.gone(node, liveSpawners, liveDaemons)) {
          active.values().stream().filter(i -> node.equals(i.getNodeId())
                  && i.getState() != InstanceState.INSTANCE_STATE_STARTING)
              .forEach(i -> missing.add(i.getRunId()));
        }
        continue;
      }
      asks.add(check(node, active, missing));
    }
    Future.join(asks).onComplete(done -> {
      Set<String> previously = missingOnce;
      missingOnce = missing;
      Set<String> lost = new HashSet<>(missing);
      lost.retainAll(previously);
      if (lost.isEmpty()) {
        return;
      }
      NodeCatalog.Snapshot seen = scheduler.lastSnapshot();
      if (seen != null && !NodeLoss.quorum(seen.known(), nodes.liveDaemons())) {
        log.warn("{} run(s) are unknown to their nodes, but this manager does not see a "
            + "majority of the known nodes; not declaring them lost", lost.size());
        return;
      }
      lost.forEach(runId -> markLost(jobOfRun.get(runId), runId,
          "run " + runId + " is unknown to the spawner of node "
              + active.get(runId).getNodeId()));
    });
  }

  /**
   * Lists one node's runs: stops those no instance owns and those of stopping instances, and
   * adds to {@code missing} the runs of {@code active} placed there that it does not list.
   */
  private Future<?> check(String node, Map<String, Instance> active, Set<String> missing) {
    return role.bus().askEach(Runs.spawner(node), ListProcesses.getDefaultInstance(),
            ProcessInfo.class, Runs.START_LEASE)
        .onSuccess(listed -> checkListed(node, listed, active, missing));
  }

  private void checkListed(String node, List<ProcessInfo> listed, Map<String, Instance> active,
      Set<String> missing) {
    Set<String> known = new HashSet<>();
    for (ProcessInfo run : listed) {
      known.add(run.getInstanceId());
      if (!run.getRunning()) {
        continue; // ended; its exit report is on its way
      }
      // Owners are looked up now, not when the check began: a run placed since then is owned.
      Job job = book.get(run.getJobId());
      Instance owner = job == null ? null : job.getInstancesList().stream()
          .filter(i -> i.getRunId().equals(run.getInstanceId()) && node.equals(i.getNodeId())
              && !JobNames.isTerminal(i.getState())
              && i.getState() != InstanceState.INSTANCE_STATE_PENDING)
          .findFirst().orElse(null);
      Instance replacing = owner != null || job == null ? null : job.getInstancesList()
          .stream().filter(i -> i.getReplacedRunId().equals(run.getInstanceId())
              && node.equals(i.getReplacedNodeId())).findFirst().orElse(null);
      if (replacing != null) {
        // The old run of a move: it stops once the new run runs (and again here until it has).
        if (replacing.getState() != InstanceState.INSTANCE_STATE_STARTING) {
          runs.stop(node, run.getInstanceId(), job.getSpec().getKillTimeoutMillis());
        }
        continue;
      }
      if (job == null && !unknownLongEnough(run.getInstanceId())) {
        continue;
      }
      unknownJobRuns.remove(run.getInstanceId());
      if (owner == null) {
        log.warn("run {} on node {} belongs to no instance any more; stopping it",
            run.getInstanceId(), node);
      }
      if (owner == null || owner.getState() == InstanceState.INSTANCE_STATE_STOPPING) {
        runs.stop(node, run.getInstanceId(), job == null
            ? JobSpecs.DEFAULT_KILL_TIMEOUT_MILLIS : job.getSpec().getKillTimeoutMillis());
      }
    }
    active.values().stream()
        .filter(i -> node.equals(i.getNodeId())
            && i.getState() != InstanceState.INSTANCE_STATE_STARTING
            && !known.contains(i.getRunId()))
        .forEach(i -> missing.add(i.getRunId()));
    forgetReplaced(node, known);
  }

  /**
   * Whether a running run of a job this leader does not know has been seen for
   * {@link #UNKNOWN_JOB_GRACE}. Its job may be on its way from the other side of a split (a
   * spawner joining is often the first sign of a merge, before the merged job map is read):
   * the leader looks at the map, and stops the run only if the job is still unknown later.
   */
  private boolean unknownLongEnough(String runId) {
    long now = System.nanoTime();
    Long first = unknownJobRuns.putIfAbsent(runId, now);
    if (first == null) {
      merged.run();
      return false;
    }
    return now - first >= UNKNOWN_JOB_GRACE.toNanos();
  }

  /** Completes the moves away from {@code node} whose old run it no longer has. */
  private void forgetReplaced(String node, Set<String> stillThere) {
    for (Job job : book.table().active()) {
      for (Instance instance : job.getInstancesList()) {
        String old = instance.getReplacedRunId();
        if (!old.isEmpty() && node.equals(instance.getReplacedNodeId())
            && !stillThere.contains(old)) {
          Job moved = book.mutate(job.getId(), current -> JobBook.update(current, i ->
              InstanceMachine.replacedEnded(i, old)));
          if (moved != null) {
            log.info("job {} instance {}: run {} is gone from node {}; the move is complete",
                job.getId(), instance.getIndex(), old, node);
            book.persist(moved);
          }
        }
      }
    }
  }

  private void markLost(String jobId, String runId, String why) {
    long now = Envelopes.nowMicros();
    // A start no spawner ever took did not run: placed again, whatever the restart policy.
    boolean neverStarted = runs.neverStarted(runId);
    Job updated = book.mutate(jobId, job -> JobBook.update(job, instance ->
        !runId.equals(instance.getRunId()) ? null
            : neverStarted ? InstanceMachine.notStarted(instance, why + " before its start")
            : InstanceMachine.lost(job.getSpec(), instance, why, now)));
    if (updated != null) {
      log.warn("job {}: run {} lost ({})", jobId, runId, why);
      if (neverStarted) {
        runs.forget(runId);
      }
      updated.getInstancesList().stream().filter(i -> !neverStarted
              && runId.equals(i.getRunId())).findFirst()
          .ifPresent(i -> book.instanceEnded(jobId, i, InstanceState.INSTANCE_STATE_LOST,
              i.getLastError()));
      book.persist(updated).onSuccess(saved -> scheduler.soon());
    }
  }
}
