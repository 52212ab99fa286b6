package io.snowfox.manager;

import io.snowfox.manager.jobs.InstanceMachine;
import io.snowfox.manager.jobs.InstanceMachine.Effect;
import io.snowfox.manager.jobs.InstanceMachine.Transition;
import io.snowfox.manager.jobs.JobPages;
import io.snowfox.manager.jobs.JobTable.NodeLoad;
import io.snowfox.manager.jobs.Jobs;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.DrainNodeRequest;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.GetJobRequest;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.ListJobsRequest;
import io.snowfox.protocol.v1.ListJobsResponse;
import io.snowfox.protocol.v1.NodeAllocation;
import io.snowfox.protocol.v1.NodeSchedulingRequest;
import io.snowfox.protocol.v1.NodeSchedulingResponse;
import io.snowfox.protocol.v1.ProcessExited;
import io.snowfox.protocol.v1.Resources;
import io.snowfox.protocol.v1.RestoreJobsRequest;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StopJobRequest;
import io.snowfox.protocol.v1.SubmitJobRequest;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.identity.JobUsers;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.security.Namespaces;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job service of the leading manager: answers job and node requests, and runs the parts
 * that keep jobs going, each in its own class:
 *
 * <ul>
 *   <li>{@link JobBook}: the jobs, their changes and their persistence;
 *   <li>{@link Submissions}: accepting jobs, once per request;
 *   <li>{@link Scheduler}: placing due instances on nodes that have room;
 *   <li>{@link Runs}: StartProcess and StopProcess to spawners, under leases and the epoch;
 *   <li>{@link Reconciler}: node loss and return, and the periodic check of what runs;
 *   <li>{@link Retention}: removing jobs that ended long ago;
 *   <li>{@link Restores}: taking back jobs the cluster map lost that a standby's store holds.
 * </ul>
 *
 * <p>Level-triggered as well as event-driven: a tick every second re-sends starts whose answer
 * did not come within their lease and places what is due, and every ten seconds runs are checked
 * against their spawners. After a restart the manager reloads its jobs and carries on.
 */
final class JobService {

  static final Duration TICK = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  private final RoleContext context;
  private final JobBook book;
  private final NodeCatalog nodes;
  private final Duration retentionTime;
  private final JobUsers users;
  private final Consumer<String> deposed;
  private final List<Long> timers = new CopyOnWriteArrayList<>();
  /** Stops following the node maps; null while they are not followed. */
  private volatile AutoCloseable following;
  private Submissions submissions;
  private Scheduler scheduler;
  private Runs runs;
  private Reconciler reconciler;
  private Retention retention;
  private Restores restores;

  /**
   * @param retention how long an ended job is kept before it is removed with its output; zero
   *     keeps every job
   * @param users refuses jobs as root early, at submission (each spawner checks again)
   * @param deposed called (with why) when a spawner refuses this leader's epoch
   */
  /** Whether this manager ran without a pause long enough for another to lead. */
  private BooleanSupplier unpaused = () -> true;

  JobService(RoleContext context, ClusterJobs storage, Duration retention, JobUsers users,
      Consumer<String> deposed) {
    this.context = context;
    this.book = new JobBook(context, storage);
    this.nodes = new NodeCatalog(context);
    this.retentionTime = retention;
    this.users = users;
    this.deposed = deposed;
  }

  JobBook book() {
    return book;
  }

  /**
   * Fails a change while this manager has been paused long enough for another to lead: it is
   * stepping down, and the API sends the request again to whoever leads.
   */
  private Future<Void> awake() {
    return unpaused.getAsBoolean() ? Future.succeededFuture()
        : Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
            "this manager was paused and is stepping down; another leads"));
  }

  void register(Routes routes) {
    routes.on(SubmitJobRequest.class, (request, envelope) -> awake()
            .compose(ok -> submissions.submit(request.getSpec(), envelope)))
        .on(GetJobRequest.class, (request, envelope) -> Future.succeededFuture(
            allowed(book.find(request.getJobId()), envelope)))
        .on(ListJobsRequest.class, (request, envelope) -> list(request, envelope))
        .on(StopJobRequest.class, (request, envelope) -> awake().compose(ok -> stop(
            allowed(book.find(request.getJobId()), envelope).getId())))
        .on(ProcessExited.class, (request, envelope) -> exited(request))
        .on(NodeSchedulingRequest.class, (request, envelope) -> scheduling())
        .on(DrainNodeRequest.class, (request, envelope) -> drain(request))
        .on(RestoreJobsRequest.class, (request, envelope) -> awake()
            .compose(ok -> restores.restore(request, envelope)));
  }

  /**
   * Loads every known job (this manager now leads with {@code epoch}), then starts the ticks
   * and follows the cluster's membership. Runs on the manager's context.
   *
   * @param unpaused whether this manager ran without a pause long enough for another to lead
   */
  Future<Void> start(long epoch, BooleanSupplier unpaused) {
    this.unpaused = unpaused;
    Context here = context.vertx().getOrCreateContext();
    book.lead(epoch);
    runs = new Runs(context, book, () -> scheduler.soon(), deposed,
        node -> io.snowfox.manager.jobs.NodeLoss.gone(node, nodes.liveSpawners(),
            nodes.liveDaemons()), unpaused);
    submissions = new Submissions(context.vertx(), book, users, () -> scheduler.soon());
    scheduler = new Scheduler(here, book, nodes, runs, submissions::saving);
    reconciler = new Reconciler(context, here, book, nodes, runs, scheduler, this::adoptMerged);
    retention = new Retention(context, book, nodes, retentionTime, submissions::forget);
    restores = new Restores(book, submissions, () -> scheduler.soon(), retention::expired);
    // Following membership before loading, and looking at the nodes once loaded: a node that
    // died with the last leader (its node's manager led) left before this one led.
    context.hazelcast().getCluster().addMembershipListener(reconciler);
    // Placement reads the nodes from maps it follows; until they are followed, from the maps.
    context.vertx().executeBlocking(nodes::follow, false)
        .onSuccess(stop -> following = stop)
        .onFailure(failure -> log.warn("cannot follow the node maps; placement reads them "
            + "whole at every pass: {}", failure.toString()));
    return book.storage().loadAll().onSuccess(loaded -> {
      book.load(loaded);
      loaded.forEach(submissions::index);
      timers.add(context.vertx().setPeriodic(TICK.toMillis(), id -> scheduler.tick()));
      timers.add(context.vertx().setPeriodic(Reconciler.EVERY.toMillis(), id -> {
        reconciler.reconcile();
        retention.removeExpired();
      }));
      reconciler.nodesGoneBefore();
      scheduler.soon();
    }).mapEmpty();
  }

  /**
   * Takes the jobs the cluster map holds in a newer version than this leader (a merge after a
   * split brought them), so that they are listed, deduplicated and scheduled like the others.
   */
  private void adoptMerged() {
    book.storage().newerInMap(book::get).onSuccess(newer -> {
      if (newer.isEmpty()) {
        return;
      }
      log.info("took {} job(s) the cluster map holds in a newer version than this leader "
          + "(a merge after a split brought them): {}", newer.size(),
          newer.stream().map(Job::getId).limit(10).toList());
      book.load(newer);
      newer.forEach(submissions::index);
      scheduler.soon();
    }).onFailure(failure -> log.warn("could not read the cluster map after a member joined: {}",
        failure.getMessage()));
  }

  Future<Void> close() {
    timers.forEach(context.vertx()::cancelTimer);
    AutoCloseable followed = following;
    following = null;
    Future<Void> unfollowed = followed == null ? Future.succeededFuture()
        : context.vertx().executeBlocking(() -> {
          followed.close();
          return null;
        }, false);
    return unfollowed.otherwiseEmpty().compose(v -> book.storage().close());
  }

  // ---- requests

  /**
   * The job, when the request's partners may act on its namespace (WRP: partner ids that do
   * not match get 403). The API checks the same; this check holds whoever sends the request.
   */
  private static Job allowed(Job job, Envelope envelope) {
    String namespace = Namespaces.ofJob(job.getSpec().getNamespace());
    if (!Namespaces.allows(envelope.getPartnerIdsList(), namespace)) {
      throw new StatusException(StatusCode.STATUS_CODE_FORBIDDEN, "job '" + job.getId()
          + "' belongs to namespace '" + namespace + "', not to "
          + String.join(", ", envelope.getPartnerIdsList()));
    }
    return job;
  }

  /** One page of the jobs the sender may see ({@link JobPages}). */
  private Future<ListJobsResponse> list(ListJobsRequest request, Envelope envelope) {
    JobPages.Page page;
    try {
      page = JobPages.page(book.table(), request.getState(), job -> Namespaces.allows(
          envelope.getPartnerIdsList(), Namespaces.ofJob(job.getSpec().getNamespace())),
          request.getLimit(), request.getAfter(), request.getNewestFirst());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          e.getMessage()));
    }
    return Future.succeededFuture(ListJobsResponse.newBuilder().addAllJobs(page.jobs())
        .setNext(page.next()).build());
  }

  private Future<Job> stop(String jobId) {
    Job job = book.find(jobId);
    if (Jobs.isDone(job)) {
      return Future.succeededFuture(job);
    }
    if (job.getStopRequested()) {
      // Asked again: send the stops again, in case one was lost.
      job.getInstancesList().stream()
          .filter(i -> i.getState() == InstanceState.INSTANCE_STATE_STOPPING)
          .forEach(i -> runs.stop(i.getNodeId(), i.getRunId(),
              job.getSpec().getKillTimeoutMillis()));
      stopReplaced(job);
      return Future.succeededFuture(job);
    }
    log.info("stopping job {}", jobId);
    long now = Envelopes.nowMicros();
    List<Effect> effects = new ArrayList<>();
    Job stopped = book.mutate(jobId, current -> JobBook.update(current.toBuilder()
        .setStopRequested(true).build(), instance -> {
          Transition t = InstanceMachine.stop(instance, now);
          effects.addAll(t.effects());
          return t;
        }));
    if (stopped == null) {
      return Future.succeededFuture(book.get(jobId));
    }
    effects.forEach(e -> runs.execute(stopped, e));
    stopReplaced(stopped);
    return book.persist(stopped);
  }

  /** Stops the runs that moves of the job are replacing (a stop does not wait for the move). */
  private void stopReplaced(Job job) {
    job.getInstancesList().stream().filter(i -> !i.getReplacedRunId().isEmpty())
        .forEach(i -> runs.stop(i.getReplacedNodeId(), i.getReplacedRunId(),
            job.getSpec().getKillTimeoutMillis()));
  }

  private Future<Ack> exited(ProcessExited exit) {
    Job job = book.get(exit.getJobId());
    if (job == null) {
      log.warn("exit of run {} for an unknown job; acknowledged", exit.getInstanceId());
      return Future.succeededFuture(Ack.getDefaultInstance());
    }
    InstanceMachine.Exit ended = new InstanceMachine.Exit(exit.getInstanceId(),
        exit.getExitCode(), exit.getSignal(), exit.getError(), exit.getEndedAtMicros());
    long now = Envelopes.nowMicros();
    if (job.getInstancesList().stream().anyMatch(i -> i.getIndex() == exit.getInstanceIndex()
        && i.getReplacedRunId().equals(exit.getInstanceId()))) {
      // The run a move replaced: its end changes nothing but the move, now complete.
      Job moved = book.mutate(job.getId(), current -> JobBook.update(current, instance ->
          InstanceMachine.replacedEnded(instance, exit.getInstanceId())));
      log.info("job {} instance {}: run {} on node {} ended ({}); the move is complete",
          job.getId(), exit.getInstanceIndex(), exit.getInstanceId(), exit.getNodeId(),
          ended.describe());
      return (moved == null ? Future.succeededFuture(job) : book.persist(moved))
          .map(saved -> Ack.getDefaultInstance());
    }
    Job updated = book.mutate(job.getId(), current -> JobBook.update(current, instance ->
        instance.getIndex() == exit.getInstanceIndex()
            && instance.getNodeId().equals(exit.getNodeId())
            ? InstanceMachine.exited(current.getSpec(), instance, ended, now)
            : null));
    if (updated == null) {
      return Future.succeededFuture(Ack.newBuilder().setNote("already known").build());
    }
    Instance instance = updated.getInstances(exit.getInstanceIndex());
    log.info("job {} instance {} run {} ended ({}): now {}", job.getId(),
        exit.getInstanceIndex(), exit.getInstanceId(), ended.describe(), instance.getState());
    book.instanceEnded(job.getId(), instance, ended.outcome(), ended.describe());
    return book.persist(updated).map(saved -> {
      scheduler.soon();
      return Ack.getDefaultInstance();
    });
  }

  // ---- nodes

  private Future<NodeSchedulingResponse> scheduling() {
    return nodes.snapshot().map(snapshot -> {
      Map<String, NodeLoad> load = book.table().load();
      NodeSchedulingResponse.Builder answer = NodeSchedulingResponse.newBuilder()
          .setLeaderNodeId(context.nodeId())
          .setLeaderEpoch(book.epoch());
      for (String node : snapshot.known()) {
        answer.addNodes(allocation(node, snapshot, load));
      }
      return answer.build();
    });
  }

  private static NodeAllocation allocation(String node, NodeCatalog.Snapshot snapshot,
      Map<String, NodeLoad> load) {
    NodeCatalog.Node offered = snapshot.registered().get(node);
    NodeLoad used = load.getOrDefault(node, NodeLoad.NONE);
    NodeAllocation.Builder allocation = NodeAllocation.newBuilder()
        .setNodeId(node)
        .setAllocated(Resources.newBuilder().setCpu(used.cpu()).setMemoryMb(used.memoryMb()))
        .setInstances(used.instances())
        .setDraining(snapshot.draining().contains(node))
        .setSchedulable(snapshot.liveSpawners().contains(node));
    if (offered != null && Double.isFinite(offered.cpu())
        && offered.memoryMb() != Long.MAX_VALUE) {
      allocation.setCapacity(Resources.newBuilder().setCpu(offered.cpu())
          .setMemoryMb(offered.memoryMb()));
    }
    return allocation.build();
  }

  private Future<NodeAllocation> drain(DrainNodeRequest request) {
    String node = request.getNodeId();
    try {
      Addresses.checkNodeId(node);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          e.getMessage()));
    }
    return nodes.snapshot().compose(before -> {
      if (!before.known().contains(node)) {
        return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_NOT_FOUND,
            "no node '" + node + "'"));
      }
      boolean was = before.draining().contains(node);
      if (was == request.getDrain()) {
        return Future.succeededFuture(allocation(node, before, book.table().load()));
      }
      log.info("{} the drain of node {}", request.getDrain() ? "starting" : "ending", node);
      return nodes.drain(node, request.getDrain(), Envelopes.nowMicros())
          .compose(v -> nodes.snapshot())
          .map(after -> {
            scheduler.soon();
            return allocation(node, after, book.table().load());
          });
    });
  }
}
