package io.snowfox.manager;

import io.snowfox.manager.jobs.InstanceMachine;
import io.snowfox.manager.jobs.InstanceMachine.Effect;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.ProcessStarted;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StopProcess;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.role.RoleContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the leader asks of spawners: StartProcess under a lease (sent again while unanswered,
 * until {@link #START_GIVE_UP}) and StopProcess, both carrying the leader's epoch. Spawners are
 * idempotent on the run id, so a start sent twice starts one process.
 */
final class Runs {

  /** A StartProcess unanswered this long is sent again. */
  static final Duration START_LEASE = Duration.ofSeconds(5);
  /**
   * How long a StartProcess is sent again before the start counts as failed: long enough for a
   * spawner to restart. Time, not a count of sends: a spawner that is down refuses at once
   * (nobody listens), and counting those refusals would give up within seconds.
   */
  static final Duration START_GIVE_UP = START_LEASE.multipliedBy(6);

  private static final Logger log = LoggerFactory.getLogger(Runs.class);

  private final RoleContext context;
  private final JobBook book;
  private final Runnable reschedule;
  private final java.util.function.Consumer<String> fenced;
  private final java.util.function.Predicate<String> nodeGone;
  private final java.util.function.BooleanSupplier unpaused;
  /** Run ids whose StartProcess is on its way: how many times each was sent, since when. */
  private final Map<String, StartSends> startSends = new ConcurrentHashMap<>();
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

  /**
   * @param reschedule asks for a scheduling pass (after a start failed for good)
   * @param fenced called with the spawner's answer when it refused this leader's epoch: another
   *     manager took the lead since
   * @param nodeGone whether a node's daemon and spawner have both left the cluster
   * @param unpaused whether this manager ran without a pause that let another take the lead
   *     ({@link PauseWatch}): nothing is sent to a spawner otherwise
   */
  Runs(RoleContext context, JobBook book, Runnable reschedule,
      java.util.function.Consumer<String> fenced, java.util.function.Predicate<String> nodeGone,
      java.util.function.BooleanSupplier unpaused) {
    this.context = context;
    this.book = book;
    this.reschedule = reschedule;
    this.fenced = fenced;
    this.nodeGone = nodeGone;
    this.unpaused = unpaused;
  }

  /** A spawner's refusal of this leader's epoch (CONFLICT, "fenced: ..."). */
  private static boolean isFenced(Throwable failure) {
    return failure instanceof StatusException status
        && status.code() == StatusCode.STATUS_CODE_CONFLICT
        && String.valueOf(status.getMessage()).contains("fenced");
  }

  /** Carries out an effect of a transition of {@code job}. */
  void execute(Job job, Effect effect) {
    if (effect.type() == InstanceMachine.EffectType.STOP_PROCESS) {
      stop(effect.nodeId(), effect.runId(), job.getSpec().getKillTimeoutMillis());
      return;
    }
    job.getInstancesList().stream().filter(i -> i.getRunId().equals(effect.runId())).findFirst()
        .ifPresent(instance -> start(job, instance, true));
  }

  /** Sends StartProcess again for the job's starting instances whose start is not on its way. */
  void resendStarts(Job job) {
    for (Instance instance : job.getInstancesList()) {
      if (instance.getState() == InstanceState.INSTANCE_STATE_STARTING
          && !inFlight.contains(instance.getRunId())) {
        start(job, instance, false);
      }
    }
  }

  /** Sends StopProcess for a run; unacknowledged, the next reconciliation sends it again. */
  void stop(String nodeId, String runId, long killTimeoutMillis) {
    if (!unpaused.getAsBoolean()) {
      log.warn("stop of run {} not sent: this manager was paused, another may lead", runId);
      return;
    }
    context.bus().request(spawner(nodeId), StopProcess.newBuilder()
            .setInstanceId(runId)
            .setKillTimeoutMillis(killTimeoutMillis)
            .setLeaderEpoch(book.epoch()).build(), START_LEASE)
        .onFailure(failure -> {
          if (isFenced(failure)) {
            fenced.accept(failure.getMessage());
          } else {
            log.warn("stop of run {} not acknowledged: {}", runId, failure.getMessage());
          }
        });
  }

  /**
   * Sends StartProcess for the instance's run; unanswered within the lease, the tick re-sends.
   *
   * @param placedHere whether this leader placed the run; one it found starting was placed by
   *     an earlier leader, whose start may have reached the spawner: it is never taken for
   *     certainly not started (seen in the kill chaos test: a new leader's sends found the
   *     node's spawner down, it placed the run again, and the job ran twice)
   */
  void start(Job job, Instance instance, boolean placedHere) {
    String runId = instance.getRunId();
    if (!unpaused.getAsBoolean()) {
      log.warn("start of run {} not sent: this manager was paused, another may lead", runId);
      return;
    }
    if (!inFlight.add(runId)) {
      return;
    }
    StartSends sent = startSends.merge(runId, new StartSends(1, System.nanoTime(), !placedHere),
        (before, first) -> new StartSends(before.count() + 1, before.firstNanos(),
            before.maybeStarted()));
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
        .setLeaderEpoch(book.epoch())
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
            started(job.getId(), instance.getIndex(), result.result());
          } else {
            startFailed(job.getId(), instance.getIndex(), runId, sent, result.cause());
          }
        });
    if (sends == 1 && Correlation.current() != null) {
      send.run();
    } else {
      // Outside the submission's flow (its placement saved later, a restart, a re-send): still
      // a hop of its trace, under the hop that accepted the job.
      Correlation.runIn(new Correlation.Scope(correlationId, "StartProcess",
          job.getSubmitSpanId().isEmpty() ? null : job.getSubmitSpanId()), send);
    }
  }

  private void started(String jobId, int index, ProcessStarted started) {
    List<Effect> effects = new ArrayList<>();
    Job updated = book.mutate(jobId, job -> JobBook.update(job, instance -> {
      if (instance.getIndex() != index) {
        return null;
      }
      InstanceMachine.Transition t = InstanceMachine.started(instance, started.getInstanceId(),
          started.getPid(), started.getStartedAtMicros());
      effects.addAll(t.effects());
      return t;
    }));
    if (updated != null) {
      effects.forEach(effect -> {
        log.info("job {} instance {} moved to node {}; stopping run {} on node {}", jobId, index,
            started.getNodeId(), effect.runId(), effect.nodeId());
        execute(updated, effect);
      });
      log.info("job {} instance {} running on node {} as pid {}", jobId, index,
          started.getNodeId(), started.getPid());
      updated.getInstancesList().stream().filter(i -> i.getIndex() == index).findFirst()
          .ifPresent(instance -> book.metrics().started(updated, instance));
      book.events().publish(EventTypes.INSTANCE_STARTED, jobId, Map.of(
          "instance", Integer.toString(index),
          "node", started.getNodeId(),
          "pid", Long.toString(started.getPid()),
          "run_id", started.getInstanceId()));
      book.persist(updated);
    }
  }

  private void startFailed(String jobId, int index, String runId, StartSends sent,
      Throwable cause) {
    if (isFenced(cause)) {
      startSends.remove(runId);
      fenced.accept(cause.getMessage());
      return;
    }
    StatusCode code = cause instanceof StatusException status ? status.code()
        : StatusCode.STATUS_CODE_INTERNAL;
    if (code != StatusCode.STATUS_CODE_UNAVAILABLE) {
      startSends.computeIfPresent(runId, (id, before) -> new StartSends(before.count(),
          before.firstNanos(), true));
    }
    boolean transport = code == StatusCode.STATUS_CODE_TIMEOUT
        || code == StatusCode.STATUS_CODE_UNAVAILABLE;
    Duration trying = Duration.ofNanos(System.nanoTime() - sent.firstNanos());
    Job current = book.get(jobId);
    Instance starting = current == null ? null : current.getInstancesList().stream()
        .filter(i -> runId.equals(i.getRunId())
            && i.getState() == InstanceState.INSTANCE_STATE_STARTING).findFirst().orElse(null);
    boolean neverTaken = !startSends.getOrDefault(runId, sent).maybeStarted();
    if (transport && starting != null && neverTaken
        && (trying.compareTo(START_GIVE_UP) >= 0 || nodeGone.test(starting.getNodeId()))) {
      // No spawner ever took it, and its node is gone (or never answered): it did not run;
      // placed again, whatever the restart policy.
      startSends.remove(runId);
      log.info("run {} was never taken by node {} ({}); placing it again", runId,
          starting.getNodeId(), cause.getMessage());
      Job again = book.mutate(jobId, job -> JobBook.update(job, instance ->
          runId.equals(instance.getRunId()) ? InstanceMachine.notStarted(instance,
              "node " + starting.getNodeId() + " never took its start") : null));
      if (again != null) {
        book.persist(again).onSuccess(saved -> reschedule.run());
      }
      return;
    }
    if (transport && trying.compareTo(START_GIVE_UP) < 0) {
      if (starting == null) {
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
    Job updated = book.mutate(jobId, job -> JobBook.update(job, instance ->
        instance.getIndex() != index ? null
            : permanent ? InstanceMachine.refused(instance, runId, why, now)
            : InstanceMachine.exited(job.getSpec(), instance,
                new InstanceMachine.Exit(runId, -1, 0, why, now), now)));
    if (updated != null) {
      book.instanceEnded(jobId, updated.getInstances(index), InstanceState.INSTANCE_STATE_FAILED,
          why);
      book.persist(updated).onSuccess(saved -> reschedule.run());
    }
  }

  static Endpoint spawner(String nodeId) {
    return Endpoint.newBuilder().setNodeId(nodeId).setRole(Role.ROLE_SPAWNER).build();
  }

  /**
   * The sends of one StartProcess: how many, when the first one went, and whether one may have
   * started the run (answered, or unanswered: it may have been delivered). A send refused with
   * UNAVAILABLE (nobody listening, or a spawner that cannot take it) started nothing.
   */
  private record StartSends(int count, long firstNanos, boolean maybeStarted) {}

  /**
   * Whether the run is certainly not started anywhere: every StartProcess of it so far was
   * refused as UNAVAILABLE. Its instance may then be placed again, as if it never ran.
   */
  /** Forgets the sends of a run that will be placed again. */
  void forget(String runId) {
    startSends.remove(runId);
  }

  boolean neverStarted(String runId) {
    StartSends sent = startSends.get(runId);
    return sent != null && !sent.maybeStarted() && !inFlight.contains(runId);
  }
}
