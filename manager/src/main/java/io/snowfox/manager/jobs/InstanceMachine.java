package io.snowfox.manager.jobs;

import io.snowfox.protocol.JobIds;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.JobSpec;
import java.util.List;

/**
 * The life of one job instance, as pure functions: an event and the instance give the next
 * instance and the side effects to carry out (start or stop a process). The caller persists the
 * new instance and executes the effects in order.
 *
 * <pre>
 * PENDING --place--> STARTING --started--> RUNNING --exited--> EXITED | FAILED | KILLED
 *                        \--exited (could not start)--> FAILED   \--lost--> LOST
 *                        \--refused--> FAILED (never restarted)
 * an ended instance the restart policy restarts goes back to PENDING (restarts + 1, after back-off)
 * PENDING --stop--> KILLED;  STARTING | RUNNING --stop--> STOPPING --exited--> KILLED
 * </pre>
 */
public final class InstanceMachine {

  /** Whether the event changed anything. */
  public enum Result { SUCCESS, NOOP, ILLEGAL }

  /** What the caller must do. */
  public enum EffectType { START_PROCESS, STOP_PROCESS }

  /** A side effect on the instance's current run. */
  public record Effect(EffectType type, String runId, String nodeId) {}

  /** The outcome of an event. */
  public record Transition(Result result, Instance instance, List<Effect> effects) {
    public boolean changed() {
      return result == Result.SUCCESS;
    }
  }

  /** How a run ended. */
  public record Exit(String runId, int exitCode, int signal, String error, long endedAtMicros) {
    public InstanceState outcome() {
      if (!error.isEmpty()) {
        return InstanceState.INSTANCE_STATE_FAILED;
      }
      if (signal > 0) {
        return InstanceState.INSTANCE_STATE_KILLED;
      }
      return exitCode == 0 ? InstanceState.INSTANCE_STATE_EXITED
          : InstanceState.INSTANCE_STATE_FAILED;
    }

    public String describe() {
      if (!error.isEmpty()) {
        return error;
      }
      return signal > 0 ? "killed by signal " + signal : "exit code " + exitCode;
    }
  }

  private InstanceMachine() {}

  /** The run id of an instance's next run: {@code <job>.<index>.<restarts + moves>}. */
  public static String runId(String jobId, Instance instance) {
    return JobIds.runId(jobId, instance.getIndex(), instance.getRestarts() + instance.getMoves());
  }

  /**
   * A RUNNING instance leaves its node (a drain): a new run starts on {@code nodeId} first; the
   * run it replaces is stopped once the new one runs ({@link #started}).
   */
  public static Transition move(String jobId, Instance instance, String nodeId, long nowMicros) {
    if (instance.getState() != InstanceState.INSTANCE_STATE_RUNNING
        || !instance.getReplacedRunId().isEmpty() || nodeId.equals(instance.getNodeId())) {
      return noop(instance);
    }
    return startOn(jobId, instance.toBuilder().setMoves(instance.getMoves() + 1)
        .setReplacedRunId(instance.getRunId()).setReplacedNodeId(instance.getNodeId()), nodeId);
  }

  /** The instance's next run starting on {@code nodeId}. */
  private static Transition startOn(String jobId, Instance.Builder instance, String nodeId) {
    String runId = runId(jobId, instance.build());
    Instance next = instance
        .setState(InstanceState.INSTANCE_STATE_STARTING)
        .setNodeId(nodeId)
        .setRunId(runId)
        .setPid(0)
        .setLastError("")
        .build();
    return new Transition(Result.SUCCESS, next,
        List.of(new Effect(EffectType.START_PROCESS, runId, nodeId)));
  }

  /** The run a moving instance replaced has ended (its exit came, or its spawner lost it). */
  public static Transition replacedEnded(Instance instance, String runId) {
    if (instance.getReplacedRunId().isEmpty() || !instance.getReplacedRunId().equals(runId)) {
      return noop(instance);
    }
    return changed(instance.toBuilder().clearReplacedRunId().clearReplacedNodeId().build());
  }

  /** A due PENDING instance placed on {@code nodeId} starts there. */
  public static Transition place(String jobId, Instance instance, String nodeId, long nowMicros) {
    if (instance.getState() != InstanceState.INSTANCE_STATE_PENDING
        || instance.getNotBeforeMicros() > nowMicros) {
      return noop(instance);
    }
    return startOn(jobId, instance.toBuilder(), nodeId);
  }

  /**
   * A STARTING instance whose start no spawner took (every StartProcess was refused as
   * unavailable, and its node is gone): it never ran, so it is placed again as it was, without
   * a restart, whatever its policy.
   */
  public static Transition notStarted(Instance instance, String why) {
    if (instance.getState() != InstanceState.INSTANCE_STATE_STARTING) {
      return noop(instance);
    }
    return changed(instance.toBuilder()
        .setState(InstanceState.INSTANCE_STATE_PENDING)
        .setPid(0)
        .setLastError(why)
        .build());
  }

  /** No node can take a PENDING instance now; it stays pending with the reason. */
  public static Transition unplaceable(Instance instance, String reason) {
    if (instance.getState() != InstanceState.INSTANCE_STATE_PENDING
        || instance.getLastError().equals(reason)) {
      return noop(instance);
    }
    return changed(instance.toBuilder().setLastError(reason).build());
  }

  /** The spawner started the run. */
  public static Transition started(Instance instance, String runId, long pid, long atMicros) {
    if (!runId.equals(instance.getRunId())) {
      return new Transition(Result.ILLEGAL, instance, List.of());
    }
    if (instance.getState() != InstanceState.INSTANCE_STATE_STARTING) {
      return noop(instance);
    }
    Instance running = instance.toBuilder()
        .setState(InstanceState.INSTANCE_STATE_RUNNING)
        .setPid(pid)
        .setStartedAtMicros(atMicros)
        .setEndedAtMicros(0)
        .setExitCode(0)
        .setSignal(0)
        .build();
    // A move: the new run runs, so the one it replaces stops now.
    return new Transition(Result.SUCCESS, running, instance.getReplacedRunId().isEmpty()
        ? List.of() : List.of(new Effect(EffectType.STOP_PROCESS, instance.getReplacedRunId(),
            instance.getReplacedNodeId())));
  }

  /** The run ended (or never started: {@code exit.error} says why). */
  public static Transition exited(JobSpec spec, Instance instance, Exit exit, long nowMicros) {
    if (!exit.runId().equals(instance.getRunId())) {
      return new Transition(Result.ILLEGAL, instance, List.of());
    }
    Instance.Builder ended = instance.toBuilder()
        .setExitCode(exit.exitCode())
        .setSignal(exit.signal())
        .setEndedAtMicros(exit.endedAtMicros())
        .setLastError(exit.outcome() == InstanceState.INSTANCE_STATE_EXITED ? ""
            : exit.describe());
    switch (instance.getState()) {
      case INSTANCE_STATE_STOPPING:
        return changed(ended.setState(InstanceState.INSTANCE_STATE_KILLED)
            .setLastError("stopped").build());
      case INSTANCE_STATE_STARTING:
      case INSTANCE_STATE_RUNNING:
        return afterEnd(spec, ended, exit.outcome(), nowMicros);
      default:
        return noop(instance);
    }
  }

  /**
   * The spawner refused to start the run for good (FORBIDDEN: a root job on a node that does not
   * allow them): the instance fails with the reason and is not restarted, whatever its policy,
   * since every restart would be refused the same way.
   */
  public static Transition refused(Instance instance, String runId, String why, long nowMicros) {
    if (!runId.equals(instance.getRunId())) {
      return new Transition(Result.ILLEGAL, instance, List.of());
    }
    if (instance.getState() != InstanceState.INSTANCE_STATE_STARTING) {
      return noop(instance);
    }
    return changed(instance.toBuilder()
        .setState(InstanceState.INSTANCE_STATE_FAILED)
        .setExitCode(-1)
        .setSignal(0)
        .setEndedAtMicros(nowMicros)
        .setLastError(why)
        .build());
  }

  /** The instance's node or spawner no longer knows its run. */
  public static Transition lost(JobSpec spec, Instance instance, String why, long nowMicros) {
    switch (instance.getState()) {
      case INSTANCE_STATE_STOPPING:
        return changed(instance.toBuilder().setState(InstanceState.INSTANCE_STATE_KILLED)
            .setLastError("stopped (" + why + ")").setEndedAtMicros(nowMicros).build());
      case INSTANCE_STATE_STARTING:
      case INSTANCE_STATE_RUNNING:
        return afterEnd(spec, instance.toBuilder().setLastError(why).setEndedAtMicros(nowMicros),
            InstanceState.INSTANCE_STATE_LOST, nowMicros);
      default:
        return noop(instance);
    }
  }

  /** A user stops the instance. */
  public static Transition stop(Instance instance, long nowMicros) {
    switch (instance.getState()) {
      case INSTANCE_STATE_PENDING:
        return changed(instance.toBuilder().setState(InstanceState.INSTANCE_STATE_KILLED)
            .setLastError("stopped before it started").setEndedAtMicros(nowMicros).build());
      case INSTANCE_STATE_STARTING:
      case INSTANCE_STATE_RUNNING:
        return new Transition(Result.SUCCESS,
            instance.toBuilder().setState(InstanceState.INSTANCE_STATE_STOPPING).build(),
            List.of(new Effect(EffectType.STOP_PROCESS, instance.getRunId(),
                instance.getNodeId())));
      default:
        return noop(instance);
    }
  }

  private static Transition afterEnd(JobSpec spec, Instance.Builder ended, InstanceState outcome,
      long nowMicros) {
    int restarts = ended.getRestarts();
    if (RestartPolicies.restarts(spec.getRestart(), outcome, restarts)) {
      // A run lost with its node did not fail: it is re-placed at once, without back-off.
      long delayMicros = outcome == InstanceState.INSTANCE_STATE_LOST ? 0
          : RestartPolicies.backoffMillis(spec.getRestart(), restarts) * 1_000L;
      return changed(ended
          .setState(InstanceState.INSTANCE_STATE_PENDING)
          .setRestarts(restarts + 1)
          .setPid(0)
          .setNotBeforeMicros(nowMicros + delayMicros)
          .build());
    }
    return changed(ended.setState(outcome).build());
  }

  private static Transition changed(Instance instance) {
    return new Transition(Result.SUCCESS, instance, List.of());
  }

  private static Transition noop(Instance instance) {
    return new Transition(Result.NOOP, instance, List.of());
  }
}
