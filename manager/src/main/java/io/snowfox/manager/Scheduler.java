package io.snowfox.manager;

import io.snowfox.manager.jobs.InstanceMachine;
import io.snowfox.manager.jobs.InstanceMachine.Effect;
import io.snowfox.manager.jobs.InstanceMachine.Transition;
import io.snowfox.manager.jobs.JobTable;
import io.snowfox.manager.placement.PlacementRound;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places due pending instances. A pass takes the nodes once ({@link NodeCatalog#current}) and
 * places every due instance of every active job against it, each placement reserving its
 * resources before the next ({@link PlacementRound}): a burst of jobs spreads over the nodes and
 * never over-commits one. Passes are asked for by events (a job accepted, an instance ended, a
 * node joined) and by the tick every second; asks made while a pass runs make one more pass.
 */
final class Scheduler {

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final Context context;
  private final JobBook book;
  private final NodeCatalog nodes;
  private final Runs runs;
  /** Jobs not to place yet (accepted but not saved: not acknowledged). */
  private final Predicate<String> holding;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile NodeCatalog.Snapshot last;

  Scheduler(Context context, JobBook book, NodeCatalog nodes, Runs runs,
      Predicate<String> holding) {
    this.context = context;
    this.book = book;
    this.nodes = nodes;
    this.runs = runs;
    this.holding = holding;
  }

  /** The nodes as the last pass saw them; null before the first. */
  NodeCatalog.Snapshot lastSnapshot() {
    return last;
  }

  /** Every second: saves what failed to save, re-sends starts, and places. */
  void tick() {
    book.saveUnsaved();
    for (Job job : book.table().active()) {
      // Only what is saved is started: a placement whose save is under way or failed waits.
      if (!holding.test(job.getId()) && book.saved(job.getId())) {
        runs.resendStarts(job);
      }
    }
    soon();
  }

  /** Asks for a pass; from any thread. */
  void soon() {
    again.set(true);
    if (running.compareAndSet(false, true)) {
      context.runOnContext(v -> pass());
    }
  }

  private void pass() {
    again.set(false);
    nodes.current().map(snapshot -> {
      last = snapshot;
      long now = Envelopes.nowMicros();
      List<Job> due = new ArrayList<>();
      List<Job> leaving = new ArrayList<>();
      for (Job job : book.table().active()) {
        if (job.getStopRequested() || holding.test(job.getId())) {
          continue;
        }
        if (job.getInstancesList().stream().anyMatch(i ->
            i.getState() == InstanceState.INSTANCE_STATE_PENDING
                && i.getNotBeforeMicros() <= now)) {
          due.add(job);
        }
        if (!snapshot.draining().isEmpty() && job.getInstancesList().stream()
            .anyMatch(i -> leaves(i, snapshot.draining()))) {
          leaving.add(job);
        }
      }
      if (!due.isEmpty() || !leaving.isEmpty()) {
        PlacementRound round = new PlacementRound(snapshot.candidates(book.table().load()));
        due.forEach(job -> place(job.getId(), round));
        leaving.forEach(job -> move(job.getId(), round, snapshot.draining()));
      }
      return null;
    }).onFailure(failure -> log.warn("cannot list nodes: {}", failure.getMessage()))
        .onComplete(v -> {
          running.set(false);
          if (again.get() && running.compareAndSet(false, true)) {
            pass();
          }
        });
  }

  /** A running instance on a draining node that is not moving yet. */
  private static boolean leaves(Instance instance, Set<String> draining) {
    return instance.getState() == InstanceState.INSTANCE_STATE_RUNNING
        && instance.getReplacedRunId().isEmpty() && draining.contains(instance.getNodeId());
  }

  /**
   * Moves the job's instances off draining nodes: each starts on a node with room first, and its
   * old run stops once the new one runs. One that fits nowhere keeps running where it is.
   */
  private void move(String jobId, PlacementRound round, Set<String> draining) {
    long now = Envelopes.nowMicros();
    List<Effect> effects = new ArrayList<>();
    Job moved = book.mutate(jobId, job -> job.getStopRequested() ? job
        : JobBook.update(job, instance -> {
          if (!leaves(instance, draining)) {
            return null;
          }
          var node = round.place(jobId, job.getSpec(), perNode(job));
          if (node.isEmpty()) {
            log.debug("job {} instance {} cannot leave draining node {}: {}", jobId,
                instance.getIndex(), instance.getNodeId(), round.whyNot(job.getSpec()));
            return null;
          }
          log.info("job {} instance {} leaves draining node {} for node {}", jobId,
              instance.getIndex(), instance.getNodeId(), node.get());
          Transition t = InstanceMachine.move(jobId, instance, node.get(), now);
          effects.addAll(t.effects());
          return t;
        }));
    if (moved != null) {
      book.persist(moved).onSuccess(saved -> effects.forEach(e -> runs.execute(saved, e)));
    }
  }

  private void place(String jobId, PlacementRound round) {
    long now = Envelopes.nowMicros();
    List<Effect> effects = new ArrayList<>();
    Job placed = book.mutate(jobId, job -> job.getStopRequested() ? job
        : JobBook.update(job, instance -> {
          if (instance.getState() != InstanceState.INSTANCE_STATE_PENDING
              || instance.getNotBeforeMicros() > now) {
            return null;
          }
          var node = round.place(jobId, job.getSpec(), perNode(job));
          if (node.isEmpty()) {
            return InstanceMachine.unplaceable(instance, round.whyNot(job.getSpec()));
          }
          Transition t = InstanceMachine.place(jobId, instance, node.get(), now);
          effects.addAll(t.effects());
          return t;
        }));
    if (placed != null) {
      // Start only once the placement is saved: a spawner is idempotent on the run id, but
      // only its own; a leader that died after a start it had not saved would leave its
      // successor to place the same run on another node, and it would run twice.
      book.persist(placed).onSuccess(saved -> effects.forEach(e -> runs.execute(saved, e)));
    }
  }

  /** How many instances of the job each node runs (placed and not ended). */
  private static Map<String, Integer> perNode(Job job) {
    Map<String, Integer> counts = new HashMap<>();
    JobTable.placed(job).forEach(node -> counts.merge(node, 1, Integer::sum));
    return counts;
  }
}
