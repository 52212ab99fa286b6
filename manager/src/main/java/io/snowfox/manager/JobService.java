package io.snowfox.manager;

import io.snowfox.manager.jobs.InstanceMachine;
import io.snowfox.manager.jobs.InstanceMachine.Effect;
import io.snowfox.manager.jobs.InstanceMachine.Transition;
import io.snowfox.manager.jobs.JobSpecs;
import io.snowfox.manager.jobs.JobTable;
import io.snowfox.manager.jobs.Jobs;
import io.snowfox.manager.placement.NodeCandidate;
import io.snowfox.manager.placement.Placement;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.DeleteJobOutput;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.GetJobRequest;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.protocol.v1.ListJobsRequest;
import io.snowfox.protocol.v1.ListJobsResponse;
import io.snowfox.protocol.v1.ListProcesses;
import io.snowfox.protocol.v1.ProcessExited;
import io.snowfox.protocol.v1.ProcessInfo;
import io.snowfox.protocol.v1.ProcessStarted;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StopJobRequest;
import io.snowfox.protocol.v1.StopProcess;
import io.snowfox.protocol.v1.SubmitJobRequest;
import io.snowfox.protocol.v1.SubmitJobResponse;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.Micros;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.bus.Events;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.config.Durations;
import io.snowfox.runtime.identity.JobUsers;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job service of a manager: accepts and persists jobs, places their instances, starts and
 * stops them through spawners, and applies restart policies to the exits spawners report.
 *
 * <p>Level-triggered: a tick every second starts what is due (pending instances, and starts
 * whose answer did not come within the lease, which are re-sent: spawners are idempotent on the
 * run id), and every ten seconds running instances are checked against their spawner's list.
 * After a restart the manager reloads its jobs and the same ticks carry on where the last one
 * stopped.
 */
final class JobService {

  static final Duration TICK = Duration.ofSeconds(1);
  static final Duration RECONCILE = Duration.ofSeconds(10);
  /** A StartProcess unanswered this long is sent again. */
  static final Duration START_LEASE = Duration.ofSeconds(5);
  /**
   * How long a StartProcess is sent again before the start counts as failed: long enough for a
   * spawner to restart. Time, not a count of sends: a spawner that is down refuses at once
   * (nobody listens), and counting those refusals would give up within seconds.
   */
  static final Duration START_GIVE_UP = START_LEASE.multipliedBy(6);
  /** Ended jobs removed per retention pass (every {@link #RECONCILE}) at most. */
  static final int MAX_REMOVALS_PER_PASS = 100;

  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  private final RoleContext context;
  private final ClusterJobs storage;
  private final Placement placement;
  private final NodeCatalog nodes;
  private final Events events;
  private final Duration retention;
  private final JobUsers users;
  private final JobTable jobs = new JobTable();
  /** The job each submission created, by the submission's correlation id. */
  private final Map<String, String> submissions = new ConcurrentHashMap<>();
  /** Run ids whose StartProcess is on its way: how many times each was sent, since when. */
  private final Map<String, StartSends> startSends = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final List<Long> timers = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The job state last published as a job.state event, per job. */
  private final Map<String, JobState> publishedStates = new ConcurrentHashMap<>();
  /** Jobs whose last save failed; the next tick saves them again. */
  private final Set<String> unsaved = ConcurrentHashMap.newKeySet();
  /** Jobs submitted and not saved yet: not acknowledged, so nothing of them starts. */
  private final Map<String, Future<Job>> accepting = new ConcurrentHashMap<>();
  /** Run ids a spawner did not list at the last reconciliation. */
  private Set<String> missingOnce = new HashSet<>();

  /**
   * @param retention how long an ended job is kept before it is removed with its output; zero
   *     keeps every job
   * @param users refuses jobs as root early, at submission (each spawner checks again)
   */
  JobService(RoleContext context, ClusterJobs storage, Placement placement, Duration retention,
      JobUsers users) {
    this.context = context;
    this.storage = storage;
    this.placement = placement;
    this.retention = retention;
    this.users = users;
    this.nodes = new NodeCatalog(context);
    this.events = new Events(context.bus(), jobId -> {
      Job job = jobs.get(jobId);
      return job == null ? "" : Namespaces.ofJob(job.getSpec().getNamespace());
    });
  }

  void register(Routes routes) {
    routes.on(SubmitJobRequest.class, (request, envelope) -> submit(request.getSpec(), envelope))
        .on(GetJobRequest.class, (request, envelope) -> Future.succeededFuture(
            allowed(find(request.getJobId()), envelope)))
        .on(ListJobsRequest.class, (request, envelope) -> Future.succeededFuture(
            list(request, envelope)))
        .on(StopJobRequest.class, (request, envelope) -> stop(
            allowed(find(request.getJobId()), envelope).getId()))
        .on(ProcessExited.class, (request, envelope) -> exited(request));
  }

  /** Loads every known job, then starts the ticks. */
  Future<Void> start() {
    return storage.loadAll().onSuccess(loaded -> {
      loaded.forEach(job -> {
        jobs.put(job);
        submissions.put(job.getCorrelationId(), job.getId());
        publishedStates.put(job.getId(), job.getState());
      });
      timers.add(context.vertx().setPeriodic(TICK.toMillis(), id -> tick()));
      timers.add(context.vertx().setPeriodic(RECONCILE.toMillis(), id -> {
        reconcile();
        removeExpired();
      }));
    }).mapEmpty();
  }

  Future<Void> close() {
    timers.forEach(context.vertx()::cancelTimer);
    return storage.close();
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

  private Future<SubmitJobResponse> submit(JobSpec submitted, Envelope envelope) {
    List<String> problems = JobSpecs.problems(submitted);
    if (!problems.isEmpty()) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "invalid job spec: " + String.join("; ", problems), String.join("\n", problems)));
    }
    JobSpec spec = JobSpecs.withDefaults(submitted);
    if (!Namespaces.allows(envelope.getPartnerIdsList(), spec.getNamespace())) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
          "this token may not submit jobs to namespace '" + spec.getNamespace() + "'"));
    }
    if (!users.checksSubmitted(spec.getUser(), spec.getGroup())) {
      return accept(spec, envelope);
    }
    // Root jobs are refused here, with 403, rather than failing later on a spawner. Only this
    // (the leading) manager's --allow-root-jobs counts here; the spawner of the node that runs
    // the job applies its own. Looking a name up may fork getent: off the event loop.
    return context.vertx().executeBlocking(() -> {
      users.checkSubmitted(spec.getUser(), spec.getGroup());
      return spec;
    }, false).compose(checked -> accept(checked, envelope));
  }

  private Future<SubmitJobResponse> accept(JobSpec spec, Envelope envelope) {
    // Idempotent on the request: the same spec sent again with the same correlation id (a
    // client retrying after a timeout) is the job already accepted, not a second one.
    Job already = jobs.get(submissions.getOrDefault(envelope.getCorrelationId(), ""));
    if (already != null && !already.getSpec().equals(spec)) {
      already = null;
    }
    if (already != null) {
      log.info("job {} was already accepted for this request; not creating another",
          already.getId());
      // Still being saved: the retry gets the first attempt's outcome, whatever it is.
      Future<Job> saving = accepting.getOrDefault(already.getId(),
          Future.succeededFuture(already));
      return saving.map(saved -> SubmitJobResponse.newBuilder().setJobId(saved.getId()).build());
    }
    String id = newJobId(spec.getName());
    Job.Builder job = Job.newBuilder()
        .setId(id)
        .setSpec(spec)
        .setSubmittedAtMicros(Envelopes.nowMicros())
        .setCorrelationId(envelope.getCorrelationId());
    for (int i = 0; i < spec.getInstances(); i++) {
      job.addInstances(Instance.newBuilder().setIndex(i)
          .setState(InstanceState.INSTANCE_STATE_PENDING));
    }
    Job created = job.setState(JobState.JOB_STATE_PENDING).setVersion(1).build();
    jobs.put(created);
    submissions.put(created.getCorrelationId(), id);
    Future<Job> saving = persist(created);
    if (!saving.isComplete()) {
      accepting.put(id, saving);
    }
    return saving.onComplete(done -> accepting.remove(id)).onFailure(failure -> {
      unsaved.remove(id);
      jobs.remove(id);
      submissions.remove(created.getCorrelationId(), id);
      publishedStates.remove(id);
    }).map(saved -> {
      log.info("accepted job {} ({}, {} instance(s))", id, spec.getName(), spec.getInstances());
      schedule(saved);
      return SubmitJobResponse.newBuilder().setJobId(id).build();
    });
  }

  private Job find(String jobId) {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw new StatusException(StatusCode.STATUS_CODE_NOT_FOUND, "no job '" + jobId + "'");
    }
    return job;
  }

  private ListJobsResponse list(ListJobsRequest request, Envelope envelope) {
    List<Job> selected = jobs.withState(request.getState()).stream()
        .filter(job -> Namespaces.allows(envelope.getPartnerIdsList(),
            Namespaces.ofJob(job.getSpec().getNamespace())))
        .sorted(Comparator.comparingLong(Job::getSubmittedAtMicros).thenComparing(Job::getId))
        .toList();
    return ListJobsResponse.newBuilder().addAllJobs(selected).build();
  }

  private Future<Job> stop(String jobId) {
    Job job = find(jobId);
    if (Jobs.isDone(job)) {
      return Future.succeededFuture(job);
    }
    if (job.getStopRequested()) {
      // Asked again: send the stops again, in case one was lost.
      job.getInstancesList().stream()
          .filter(i -> i.getState() == InstanceState.INSTANCE_STATE_STOPPING)
          .forEach(i -> execute(i.getNodeId(), i.getRunId(),
              job.getSpec().getKillTimeoutMillis()));
      return Future.succeededFuture(job);
    }
    log.info("stopping job {}", jobId);
    long now = Envelopes.nowMicros();
    List<Effect> effects = new ArrayList<>();
    Job stopped = mutate(jobId, current -> update(current.toBuilder().setStopRequested(true)
        .build(), instance -> {
          Transition t = InstanceMachine.stop(instance, now);
          effects.addAll(t.effects());
          return t;
        }));
    if (stopped == null) {
      return Future.succeededFuture(jobs.get(jobId));
    }
    effects.forEach(e -> execute(stopped, e));
    return persist(stopped);
  }

  private Future<Ack> exited(ProcessExited exit) {
    Job job = jobs.get(exit.getJobId());
    if (job == null) {
      log.warn("exit of run {} for an unknown job; acknowledged", exit.getInstanceId());
      return Future.succeededFuture(Ack.getDefaultInstance());
    }
    InstanceMachine.Exit ended = new InstanceMachine.Exit(exit.getInstanceId(),
        exit.getExitCode(), exit.getSignal(), exit.getError(), exit.getEndedAtMicros());
    long now = Envelopes.nowMicros();
    Job updated = mutate(job.getId(), current -> update(current, instance ->
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
    instanceEnded(job.getId(), instance, ended.outcome(), ended.describe());
    return persist(updated).map(saved -> {
      schedule(saved);
      return Ack.getDefaultInstance();
    });
  }

  // ---- scheduling

  private void tick() {
    for (String jobId : List.copyOf(unsaved)) {
      unsaved.remove(jobId);
      Job job = jobs.get(jobId);
      if (job != null) {
        persist(job);
      }
    }
    for (Job job : jobs.active()) {
      if (!accepting.containsKey(job.getId())) {
        schedule(job);
      }
    }
  }

  /** Places due pending instances and (re-)sends starts that are not on their way. */
  private void schedule(Job job) {
    boolean due = job.getInstancesList().stream().anyMatch(i ->
        i.getState() == InstanceState.INSTANCE_STATE_PENDING
            && i.getNotBeforeMicros() <= Envelopes.nowMicros());
    for (Instance instance : job.getInstancesList()) {
      if (instance.getState() == InstanceState.INSTANCE_STATE_STARTING
          && !inFlight.contains(instance.getRunId())) {
        sendStart(job, instance);
      }
    }
    if (!due || job.getStopRequested()) {
      return;
    }
    nodes.candidates(jobs.load()).onSuccess(candidates -> place(job.getId(), candidates))
        .onFailure(failure -> log.warn("cannot list nodes: {}", failure.getMessage()));
  }

  private void place(String jobId, List<NodeCandidate> candidates) {
    long now = Envelopes.nowMicros();
    List<NodeCandidate> working = new ArrayList<>(candidates);
    List<Effect> effects = new ArrayList<>();
    Job placed = mutate(jobId, job -> job.getStopRequested() ? job : update(job, instance -> {
      if (instance.getState() != InstanceState.INSTANCE_STATE_PENDING
          || instance.getNotBeforeMicros() > now) {
        return null;
      }
      var node = placement.place(job.getSpec(), working);
      if (node.isEmpty()) {
        return InstanceMachine.unplaceable(instance, placement.whyNot(job.getSpec(), working));
      }
      working.replaceAll(c -> c.nodeId().equals(node.get())
          ? new NodeCandidate(c.nodeId(), c.labels(), c.load() + 1) : c);
      Transition t = InstanceMachine.place(jobId, instance, node.get(), now);
      effects.addAll(t.effects());
      return t;
    }));
    if (placed != null) {
      // Start at once, saving meanwhile: run ids are deterministic (<job>.<index>.<restarts>)
      // and the spawner is idempotent on them, so a manager that dies before the save re-places
      // the instance and its StartProcess finds the run already started.
      persist(placed);
      effects.forEach(e -> execute(placed, e));
    }
  }

  private void execute(Job job, Effect effect) {
    Instance instance = job.getInstancesList().stream()
        .filter(i -> i.getRunId().equals(effect.runId())).findFirst().orElse(null);
    if (instance == null) {
      return;
    }
    if (effect.type() == InstanceMachine.EffectType.START_PROCESS) {
      sendStart(job, instance);
    } else {
      execute(effect.nodeId(), effect.runId(), job.getSpec().getKillTimeoutMillis());
    }
  }

  /** Sends StopProcess for a run; unacknowledged, the next reconciliation sends it again. */
  private void execute(String nodeId, String runId, long killTimeoutMillis) {
    context.bus().request(spawner(nodeId), StopProcess.newBuilder()
            .setInstanceId(runId)
            .setKillTimeoutMillis(killTimeoutMillis).build(), START_LEASE)
        .onFailure(failure -> log.warn("stop of run {} not acknowledged: {}", runId,
            failure.getMessage()));
  }

  /** Sends StartProcess for the instance's run; unanswered within the lease, the tick re-sends. */
  private void sendStart(Job job, Instance instance) {
    String runId = instance.getRunId();
    if (!inFlight.add(runId)) {
      return;
    }
    StartSends sent = startSends.merge(runId, new StartSends(1, System.nanoTime()),
        (before, first) -> new StartSends(before.count() + 1, before.firstNanos()));
    int sends = sent.count();
    JobSpec spec = job.getSpec();
    StartProcess start = StartProcess.newBuilder()
        .setInstanceId(runId)
        .setJobId(job.getId())
        .setInstanceIndex(instance.getIndex())
        .setCommand(spec.getCommand())
        .addAllArgs(spec.getArgsList())
        .putAllEnvironment(spec.getEnvMap())
        .setWorkingDirectory(spec.getWorkdir())
        .setUser(spec.getUser())
        .setGroup(spec.getGroup())
        .build();
    String correlationId = job.getCorrelationId().isEmpty() ? Envelopes.newId()
        : job.getCorrelationId();
    Runnable send = () -> context.bus()
        .request(Addresses.spawner(instance.getNodeId()), Envelopes.request(start)
            .setSource(context.bus().self()).setDestination(spawner(instance.getNodeId()))
            .setLeaseMillis(START_LEASE.toMillis()).setAttempt(sends), START_LEASE)
        .map(reply -> Envelopes.unpack(reply, ProcessStarted.class))
        .onComplete(result -> {
          inFlight.remove(runId);
          if (result.succeeded()) {
            startSends.remove(runId);
            onStarted(job.getId(), instance.getIndex(), result.result());
          } else {
            onStartFailed(job.getId(), instance.getIndex(), runId, sent, result.cause());
          }
        });
    if (sends == 1 && Correlation.current() != null) {
      send.run();
    } else {
      Correlation.runIn(new Correlation.Scope(correlationId, "StartProcess"), send);
    }
  }

  private void onStarted(String jobId, int index, ProcessStarted started) {
    Job updated = mutate(jobId, job -> update(job, instance -> instance.getIndex() == index
        ? InstanceMachine.started(instance, started.getInstanceId(), started.getPid(),
            started.getStartedAtMicros())
        : null));
    if (updated != null) {
      log.info("job {} instance {} running on node {} as pid {}", jobId, index,
          started.getNodeId(), started.getPid());
      events.publish(EventTypes.INSTANCE_STARTED, jobId, Map.of(
          "instance", Integer.toString(index),
          "node", started.getNodeId(),
          "pid", Long.toString(started.getPid()),
          "run_id", started.getInstanceId()));
      persist(updated);
    }
  }

  private void onStartFailed(String jobId, int index, String runId, StartSends sent,
      Throwable cause) {
    StatusCode code = cause instanceof StatusException status ? status.code()
        : StatusCode.STATUS_CODE_INTERNAL;
    boolean transport = code == StatusCode.STATUS_CODE_TIMEOUT
        || code == StatusCode.STATUS_CODE_UNAVAILABLE;
    Duration trying = Duration.ofNanos(System.nanoTime() - sent.firstNanos());
    if (transport && trying.compareTo(START_GIVE_UP) < 0) {
      Job current = jobs.get(jobId);
      if (current == null || current.getInstancesList().stream().noneMatch(i ->
          runId.equals(i.getRunId()) && i.getState() == InstanceState.INSTANCE_STATE_STARTING)) {
        startSends.remove(runId); // stopped or removed meanwhile: the tick sends nothing again
        return;
      }
      log.info("start of run {} not answered ({}); sending it again", runId, cause.getMessage());
      return;
    }
    startSends.remove(runId);
    String detail = cause instanceof StatusException status && !status.detail().isEmpty()
        ? ": " + status.detail() : "";
    String why = transport ? "spawner did not answer " + sent.count() + " start requests in "
        + trying.toSeconds() + " s: "
        + cause.getMessage() : "could not start: " + cause.getMessage() + detail;
    log.warn("job {} instance {}: {}", jobId, index, why);
    long now = Envelopes.nowMicros();
    // FORBIDDEN is permanent: restarting would be refused again, for ever under "always".
    boolean permanent = code == StatusCode.STATUS_CODE_FORBIDDEN;
    Job updated = mutate(jobId, job -> update(job, instance -> instance.getIndex() != index ? null
        : permanent ? InstanceMachine.refused(instance, runId, why, now)
        : InstanceMachine.exited(job.getSpec(), instance,
            new InstanceMachine.Exit(runId, -1, 0, why, now), now)));
    if (updated != null) {
      instanceEnded(jobId, updated.getInstances(index), InstanceState.INSTANCE_STATE_FAILED, why);
      persist(updated).onSuccess(this::schedule);
    }
  }

  /** Publishes how an instance's run ended: instance.exited, instance.killed or instance.lost. */
  private void instanceEnded(String jobId, Instance now, InstanceState outcome, String how) {
    String type = outcome == InstanceState.INSTANCE_STATE_KILLED ? EventTypes.INSTANCE_KILLED
        : outcome == InstanceState.INSTANCE_STATE_LOST ? EventTypes.INSTANCE_LOST
        : EventTypes.INSTANCE_EXITED;
    events.publish(type, jobId, Map.of(
        "instance", Integer.toString(now.getIndex()),
        "node", now.getNodeId(),
        "how", how,
        "restarting", Boolean.toString(now.getState() == InstanceState.INSTANCE_STATE_PENDING),
        "restarts", Integer.toString(now.getRestarts())));
  }

  /**
   * Checks every node's runs against the jobs: a running instance whose run its spawner does not
   * know at two checks in a row is lost; a stopping one whose run still runs is sent StopProcess
   * again; a run no instance owns any more (left by a manager or spawner that died at the wrong
   * moment) is stopped. A node whose daemon is up but whose spawner is restarting is skipped.
   */
  private void reconcile() {
    Map<String, Instance> active = new HashMap<>();
    Map<String, String> jobOfRun = new HashMap<>();
    Set<String> nodesInUse = new HashSet<>();
    for (Job job : jobs.active()) {
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
        if (!liveDaemons.contains(node)) {
          active.values().stream().filter(i -> node.equals(i.getNodeId())
                  && i.getState() != InstanceState.INSTANCE_STATE_STARTING)
              .forEach(i -> missing.add(i.getRunId()));
        }
        continue;
      }
      asks.add(context.bus().askEach(spawner(node), ListProcesses.getDefaultInstance(),
              ProcessInfo.class, START_LEASE)
          .onSuccess(listed -> check(node, listed, active, missing)));
    }
    Future.join(asks).onComplete(done -> {
      Set<String> previously = missingOnce;
      missingOnce = missing;
      for (String runId : missing) {
        if (previously.contains(runId)) {
          markLost(jobOfRun.get(runId), runId);
        }
      }
    });
  }

  private void check(String node, List<ProcessInfo> listed, Map<String, Instance> active,
      Set<String> missing) {
    Set<String> known = new HashSet<>();
    for (ProcessInfo run : listed) {
      known.add(run.getInstanceId());
      if (!run.getRunning()) {
        continue; // ended; its exit report is on its way
      }
      // Owners are looked up now, not when the check began: a run placed since then is owned.
      Job job = jobs.get(run.getJobId());
      Instance owner = job == null ? null : job.getInstancesList().stream()
          .filter(i -> i.getRunId().equals(run.getInstanceId()) && node.equals(i.getNodeId())
              && !JobNames.isTerminal(i.getState())
              && i.getState() != InstanceState.INSTANCE_STATE_PENDING)
          .findFirst().orElse(null);
      if (owner == null) {
        log.warn("run {} on node {} belongs to no instance any more; stopping it",
            run.getInstanceId(), node);
      }
      if (owner == null || owner.getState() == InstanceState.INSTANCE_STATE_STOPPING) {
        execute(node, run.getInstanceId(), job == null
            ? JobSpecs.DEFAULT_KILL_TIMEOUT_MILLIS : job.getSpec().getKillTimeoutMillis());
      }
    }
    active.values().stream()
        .filter(i -> node.equals(i.getNodeId())
            && i.getState() != InstanceState.INSTANCE_STATE_STARTING
            && !known.contains(i.getRunId()))
        .forEach(i -> missing.add(i.getRunId()));
  }

  // ---- retention

  /**
   * Removes the jobs that ended longer than the retention ago: from memory, the cluster map and
   * the store, then their output files from every node whose spawner is up.
   */
  private void removeExpired() {
    if (retention.isZero()) {
      return;
    }
    long now = Envelopes.nowMicros();
    long endedBefore = now - TimeUnit.MICROSECONDS.convert(retention);
    // A bounded number per pass: a backlog (a first start with years of jobs) does not hold up
    // the store's thread, which also saves the jobs that are running.
    jobs.endedBy(endedBefore, MAX_REMOVALS_PER_PASS)
        .forEach(job -> Correlation.runIn(new Correlation.Scope(Envelopes.newId(), "RemoveJob"),
            () -> remove(job, now)));
    storage.forgetOldRemovals(now).onFailure(failure ->
        log.warn("could not forget old removals: {}", failure.getMessage()));
  }

  private void remove(Job job, long nowMicros) {
    String id = job.getId();
    if (!jobs.remove(id, job)) {
      return; // changed meanwhile: looked at again next time
    }
    submissions.remove(job.getCorrelationId(), id);
    publishedStates.remove(id);
    unsaved.remove(id);
    storage.remove(id, nowMicros).onSuccess(v -> {
      log.info("removed job {} ({}, ended {}): its retention of {} is over", id,
          JobNames.of(job.getState()), Micros.iso(job.getEndedAtMicros()),
          Durations.format(retention));
      events.publish(EventTypes.JOB_REMOVED, id, Namespaces.ofJob(job.getSpec().getNamespace()),
          Map.of(
          "state", JobNames.of(job.getState()),
          "ended_at", Micros.iso(job.getEndedAtMicros())));
      for (String node : nodes.liveSpawners()) {
        context.bus().request(spawner(node), DeleteJobOutput.newBuilder().setJobId(id).build(),
                START_LEASE)
            .onFailure(failure -> log.warn("output of job {} on node {} not deleted: {}", id,
                node, failure.getMessage()));
      }
    }).onFailure(failure -> {
      log.warn("could not remove job {}: {}; trying again later", id, failure.getMessage());
      jobs.putIfAbsent(job);
      submissions.putIfAbsent(job.getCorrelationId(), id);
      publishedStates.putIfAbsent(id, job.getState());
    });
  }

  private void markLost(String jobId, String runId) {
    long now = Envelopes.nowMicros();
    Job updated = mutate(jobId, job -> update(job, instance -> runId.equals(instance.getRunId())
        ? InstanceMachine.lost(job.getSpec(), instance,
            "run " + runId + " is unknown to the spawner of node " + instance.getNodeId(), now)
        : null));
    if (updated != null) {
      log.warn("job {}: run {} lost", jobId, runId);
      updated.getInstancesList().stream().filter(i -> runId.equals(i.getRunId())).findFirst()
          .ifPresent(i -> instanceEnded(jobId, i, InstanceState.INSTANCE_STATE_LOST,
              i.getLastError()));
      persist(updated).onSuccess(this::schedule);
    }
  }

  // ---- state

  /**
   * Applies {@code step} to every instance (null means unchanged) and returns the job with the
   * new instances, state and reason; the same object when nothing changed.
   */
  private static Job update(Job job, Function<Instance, Transition> step) {
    Job.Builder next = job.toBuilder().clearInstances();
    boolean changed = false;
    for (Instance instance : job.getInstancesList()) {
      Transition t = step.apply(instance);
      if (t != null && t.changed()) {
        changed = true;
        next.addInstances(t.instance());
      } else {
        next.addInstances(instance);
      }
    }
    if (!changed) {
      return job;
    }
    Job candidate = next.build();
    Job.Builder done = candidate.toBuilder()
        .setState(Jobs.state(candidate))
        .setReason(Jobs.reason(candidate));
    if (Jobs.isDone(candidate) && job.getEndedAtMicros() == 0) {
      done.setEndedAtMicros(Envelopes.nowMicros());
    }
    return done.build();
  }

  /**
   * Changes a job atomically: {@code change} gets the current job and returns the next (or the
   * same object for no change). Returns the new version, or null when nothing changed.
   */
  private synchronized Job mutate(String jobId, java.util.function.UnaryOperator<Job> change) {
    Job current = jobs.get(jobId);
    if (current == null) {
      return null;
    }
    Job next = change.apply(current);
    if (next == current) {
      return null;
    }
    Job versioned = next.toBuilder().setVersion(current.getVersion() + 1).build();
    jobs.put(versioned);
    if (versioned.getState() != current.getState()) {
      log.info("job {} is now {}{}", jobId, versioned.getState(),
          versioned.getReason().isEmpty() ? "" : " (" + versioned.getReason() + ")");
    }
    return versioned;
  }

  /**
   * Writes a job version to the cluster map and the store, and publishes job.state when the
   * state differs from the last one published (after any instance event of the same change).
   */
  private Future<Job> persist(Job job) {
    JobState previous = publishedStates.put(job.getId(), job.getState());
    if (previous != job.getState()) {
      events.publish(EventTypes.JOB_STATE, job.getId(), Map.of(
          "state", JobNames.of(job.getState()),
          "reason", job.getReason()));
    }
    return storage.save(job).map(job)
        .onFailure(failure -> {
          log.error("could not persist job {}: {}; trying again", job.getId(),
              failure.getMessage());
          unsaved.add(job.getId());
        });
  }

  private static Endpoint spawner(String nodeId) {
    return Endpoint.newBuilder().setNodeId(nodeId).setRole(Role.ROLE_SPAWNER).build();
  }

  private static String newJobId(String name) {
    String suffix = Envelopes.newId().replace("-", "").substring(0, 8);
    String base = name.length() > 40 ? name.substring(0, 40) : name;
    return base + "-" + suffix;
  }

  /** The sends of one StartProcess: how many, and when the first one went. */
  private record StartSends(int count, long firstNanos) {}
}
