package io.snowfox.daemon.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The supervision state machine of one child process (spawner, manager or api).
 *
 * <p>Pure: every event returns a {@link Transition} whose effects the caller executes in order
 * (spawn the process, arm a timer, send a signal). Time and randomness come from the caller, so
 * tests drive it without processes, clocks or sleeps. Not thread-safe: drive it from one event
 * loop. An event that returns {@link Result#NOOP} or {@link Result#ILLEGAL} changes nothing.
 */
public final class Supervision {

  public enum State {
    /** Not started yet. */
    STOPPED,
    /** Spawned, not yet healthy. */
    STARTING,
    RUNNING,
    /** Exited unexpectedly; a restart is scheduled. */
    BACKING_OFF,
    /** Asked to shut down; waiting for it to exit. */
    STOPPING,
    /** Stopped for good. */
    TERMINATED
  }

  public enum Result { SUCCESS, NOOP, ILLEGAL }

  public enum EffectType {
    SPAWN,
    /** Arm a timer for {@code delay}; when it fires, call backoffElapsed(). */
    SCHEDULE_RESTART,
    /** Ask the child to shut down cleanly; it has until the grace timer to exit. */
    SEND_SHUTDOWN,
    /** Arm a timer for {@code delay}; when it fires, call graceExpired(). */
    SCHEDULE_GRACE,
    SIGTERM,
    SIGKILL
  }

  /** One thing for the caller to do; {@code delay} is for the SCHEDULE_* timers. */
  public record Effect(EffectType type, Duration delay) {
    public Effect {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(delay, "delay");
    }

    public static Effect of(EffectType type) {
      return new Effect(type, Duration.ZERO);
    }

    public static Effect after(EffectType type, Duration delay) {
      return new Effect(type, delay);
    }
  }

  /** The outcome of one event; {@code effects} are in the order they must be executed. */
  public record Transition(Result result, State from, State to, List<Effect> effects) {
    public Transition {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      effects = List.copyOf(effects);
    }
  }

  private final String name;
  private final SupervisionPolicy policy;
  private final DoubleSupplier random;

  private State state = State.STOPPED;
  private int restarts;
  private int consecutiveFailures;
  private boolean crashLooping;
  private String lastExit = "";
  /** When the current incarnation became healthy; null unless RUNNING. */
  private Instant healthySince;
  /** Grace timers expired since stop(): 0 none, 1 after SIGTERM, 2 after SIGKILL. */
  private int gracesExpired;

  public Supervision(String name, SupervisionPolicy policy, DoubleSupplier random) {
    this.name = Objects.requireNonNull(name, "name");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.random = Objects.requireNonNull(random, "random");
  }

  public Transition start(Instant now) {
    return switch (state) {
      case STOPPED -> moveTo(State.STARTING, Effect.of(EffectType.SPAWN));
      case STARTING, RUNNING, BACKING_OFF -> unchanged(Result.NOOP);
      case STOPPING, TERMINATED -> unchanged(Result.ILLEGAL);
    };
  }

  public Transition healthy(Instant now) {
    return switch (state) {
      case STARTING -> {
        healthySince = now;
        crashLooping = false;
        yield moveTo(State.RUNNING);
      }
      case RUNNING -> unchanged(Result.NOOP);
      // An answer to a probe sent to an incarnation that is gone.
      default -> unchanged(Result.ILLEGAL);
    };
  }

  /** The process ended; {@code exitDescription} (e.g. "exit code 1") appears in reasons. */
  public Transition exited(Instant now, String exitDescription) {
    Objects.requireNonNull(exitDescription, "exitDescription");
    return switch (state) {
      case STARTING, RUNNING -> {
        // A long healthy run means the earlier crashes are history: start counting afresh.
        boolean wasStable = healthySince != null
            && Duration.between(healthySince, now).compareTo(policy.stableAfter()) >= 0;
        int failures = wasStable ? 1 : consecutiveFailures + 1;
        // Drawn before any field changes, so a bad random value leaves the machine as it was.
        Duration delay = policy.backoff().delay(failures, random.getAsDouble());
        consecutiveFailures = failures;
        restarts++;
        if (failures >= policy.crashLoopThreshold()) {
          crashLooping = true;
        }
        lastExit = exitDescription;
        healthySince = null;
        yield moveTo(State.BACKING_OFF, Effect.after(EffectType.SCHEDULE_RESTART, delay));
      }
      case STOPPING -> {
        lastExit = exitDescription;
        yield moveTo(State.TERMINATED);
      }
      default -> unchanged(Result.ILLEGAL);
    };
  }

  public Transition backoffElapsed(Instant now) {
    // Anywhere else the timer is stale, e.g. the child was stopped while backing off.
    return state == State.BACKING_OFF
        ? moveTo(State.STARTING, Effect.of(EffectType.SPAWN))
        : unchanged(Result.NOOP);
  }

  /** The child stopped answering health checks, or did not become healthy in time. */
  public Transition unresponsive(Instant now) {
    // Stay put: the kill shows up as an exited() event, which then schedules the restart.
    return state == State.STARTING || state == State.RUNNING
        ? moveTo(state, Effect.of(EffectType.SIGKILL))
        : unchanged(Result.NOOP);
  }

  public Transition stop() {
    return switch (state) {
      case STARTING, RUNNING -> {
        gracesExpired = 0;
        healthySince = null;
        yield moveTo(State.STOPPING, Effect.of(EffectType.SEND_SHUTDOWN),
            Effect.after(EffectType.SCHEDULE_GRACE, policy.shutdownGrace()));
      }
      // No process is running, so there is nothing to wait for.
      case STOPPED, BACKING_OFF -> moveTo(State.TERMINATED);
      case STOPPING, TERMINATED -> unchanged(Result.NOOP);
    };
  }

  /** The timer from the last SCHEDULE_GRACE fired. */
  public Transition graceExpired() {
    if (state != State.STOPPING || gracesExpired >= 2) {
      return unchanged(Result.NOOP);
    }
    gracesExpired++;
    return gracesExpired == 1
        ? moveTo(State.STOPPING, Effect.of(EffectType.SIGTERM),
            Effect.after(EffectType.SCHEDULE_GRACE, policy.terminateGrace()))
        : moveTo(State.STOPPING, Effect.of(EffectType.SIGKILL));
  }

  public String name() {
    return name;
  }

  public State state() {
    return state;
  }

  /** Restarts scheduled after unexpected exits, over the whole life of this supervision. */
  public int restarts() {
    return restarts;
  }

  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  public boolean crashLooping() {
    return crashLooping;
  }

  /** How the process last ended, "" if it never has. */
  public String lastExit() {
    return lastExit;
  }

  /** A one-line explanation for people; "" while the child runs fine. */
  public String reason() {
    if (crashLooping && (state == State.STARTING || state == State.BACKING_OFF)) {
      return name + " is crash-looping: " + consecutiveFailures + " exits in a row without"
          + " staying up " + human(policy.stableAfter()) + "; last: " + oneLine(lastExit);
    }
    return switch (state) {
      case STOPPED -> name + " not started";
      case STARTING -> restarts == 0 ? name + " starting" : restarting();
      case RUNNING -> "";
      case BACKING_OFF -> restarting();
      case STOPPING -> name + " stopping";
      case TERMINATED -> name + " stopped";
    };
  }

  private String restarting() {
    return name + " restarting after " + oneLine(lastExit) + " (restart " + restarts + ")";
  }

  private Transition moveTo(State to, Effect... effects) {
    State from = state;
    state = to;
    return new Transition(Result.SUCCESS, from, to, List.of(effects));
  }

  private Transition unchanged(Result result) {
    return new Transition(result, state, state, List.of());
  }

  // Exit descriptions may carry the child's last output lines; a reason must stay on one line.
  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " | ");
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
