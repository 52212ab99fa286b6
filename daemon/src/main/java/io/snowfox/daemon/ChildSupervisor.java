package io.snowfox.daemon;

import io.snowfox.daemon.status.NodeStatus;
import io.snowfox.daemon.supervision.Supervision;
import io.snowfox.daemon.supervision.Supervision.Effect;
import io.snowfox.daemon.supervision.Supervision.State;
import io.snowfox.daemon.supervision.Supervision.Transition;
import io.snowfox.daemon.supervision.SupervisionPolicy;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.HealthRequest;
import io.snowfox.protocol.v1.HealthResponse;
import io.snowfox.protocol.v1.Shutdown;
import io.snowfox.protocol.v1.SubsystemStatus;
import io.snowfox.runtime.bus.Bus;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one child process under its {@link Supervision} state machine: feeds it the events it
 * observes (spawned, healthy, exited, timers) and carries out the effects it returns (spawn,
 * schedule, shutdown, signals). Everything happens on the daemon's context, one event at a time;
 * process creation runs on a worker thread.
 */
final class ChildSupervisor {

  /** Health checks while a child starts, and after. */
  static final Duration STARTING_PROBE_INTERVAL = Duration.ofMillis(250);
  static final Duration RUNNING_PROBE_INTERVAL = Duration.ofSeconds(5);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  /** Health checks missed in a row after which a running child is declared hung. */
  static final int MISSED_PROBES_LIMIT = 3;

  private static final Logger log = LoggerFactory.getLogger(ChildSupervisor.class);

  private final Context context;
  private final Bus bus;
  private final ChildSpec spec;
  private final ChildLauncher launcher;
  private final Duration startTimeout;
  private final Runnable onChange;
  private final io.snowfox.runtime.bus.Events events;
  private final Supervision machine;
  private final Endpoint endpoint;
  private final String name;

  private final Promise<Void> settled = Promise.promise();
  private final Promise<Void> terminated = Promise.promise();

  private volatile SubsystemStatus snapshot;
  private volatile Runnable onExited = () -> {};
  private Process process;
  private OutputTail stderr;
  private int generation;
  private int missedProbes;

  ChildSupervisor(Context context, Bus bus, ChildSpec spec, ChildLauncher launcher,
      SupervisionPolicy policy, Duration startTimeout, Runnable onChange,
      io.snowfox.runtime.bus.Events events) {
    this.context = context;
    this.bus = bus;
    this.spec = spec;
    this.launcher = launcher;
    this.startTimeout = startTimeout;
    this.onChange = onChange;
    this.events = events;
    this.name = Roles.name(spec.role());
    this.machine = new Supervision(name, policy, () -> ThreadLocalRandom.current().nextDouble());
    this.endpoint = Endpoint.newBuilder()
        .setNodeId(bus.self().getNodeId()).setRole(spec.role()).build();
    this.snapshot = snapshot();
  }

  /**
   * Starts the child. Completes when it first becomes healthy, is declared crash-looping, or is
   * stopped: the daemon's start is complete when every child's is.
   */
  Future<Void> start() {
    context.runOnContext(v -> apply(machine.start(Instant.now())));
    return settled.future();
  }

  /** Stops the child: Shutdown, then SIGTERM, then SIGKILL. Completes once it is gone. */
  Future<Void> stop() {
    context.runOnContext(v -> apply(machine.stop()));
    return terminated.future();
  }

  /** The child as node status shows it; safe from any thread. */
  SubsystemStatus status() {
    return snapshot;
  }

  private SubsystemStatus snapshot() {
    Process running = process;
    return SubsystemStatus.newBuilder()
        .setName(name)
        .setRole(spec.role())
        .setStatus(NodeStatus.childColour(machine.state(), machine.crashLooping()))
        .setState(machine.state().name())
        .setReason(machine.reason())
        .setPid(running != null && running.isAlive() ? running.pid() : 0)
        .setRestarts(machine.restarts())
        .build();
  }

  private void apply(Transition transition) {
    if (transition.result() == Supervision.Result.ILLEGAL) {
      log.debug("{}: ignored an event illegal in state {}", name, transition.from());
      return;
    }
    if (transition.from() != transition.to()) {
      log.info("{}: {} -> {}{}", name, transition.from(), transition.to(),
          machine.reason().isEmpty() ? "" : " (" + machine.reason() + ")");
    }
    for (Effect effect : transition.effects()) {
      execute(effect);
    }
    if (transition.to() == State.RUNNING || machine.crashLooping()) {
      settled.tryComplete();
    }
    if (transition.to() == State.TERMINATED) {
      settled.tryComplete();
      terminated.tryComplete();
    }
    changed();
  }

  private void changed() {
    snapshot = snapshot();
    onChange.run();
  }

  private void execute(Effect effect) {
    switch (effect.type()) {
      case SPAWN:
        spawn();
        break;
      case SCHEDULE_RESTART:
        context.owner().setTimer(millis(effect.delay()),
            id -> apply(machine.backoffElapsed(Instant.now())));
        break;
      case SEND_SHUTDOWN:
        bus.request(endpoint, Shutdown.newBuilder().setReason("node stopping")
                .setGraceMillis(effect.delay().toMillis()).build(), PROBE_TIMEOUT)
            .onFailure(failure -> log.info("{} did not acknowledge Shutdown: {}", name,
                failure.getMessage()));
        break;
      case SCHEDULE_GRACE:
        context.owner().setTimer(millis(effect.delay()), id -> apply(machine.graceExpired()));
        break;
      case SIGTERM:
        signal(false);
        break;
      case SIGKILL:
        signal(true);
        break;
      default:
        throw new IllegalStateException("unknown effect " + effect);
    }
  }

  private void spawn() {
    int spawned = ++generation;
    missedProbes = 0;
    context.owner().executeBlocking(() -> launcher.launch(spec), false)
        .onComplete(result -> {
          if (result.failed()) {
            log.error("{} could not be started: {}", name, result.cause().toString());
            apply(machine.exited(Instant.now(), "could not start: " + result.cause().getMessage()));
            return;
          }
          process = result.result();
          stderr = OutputTail.follow(name, process.getErrorStream(), System.err);
          log.info("{} started, pid {}", name, process.pid());
          if (machine.restarts() > 0) {
            events.publish(io.snowfox.protocol.EventTypes.PROCESS_RESTARTED, "",
                java.util.Map.of("role", name, "pid", Long.toString(process.pid()),
                    "restarts", Integer.toString(machine.restarts()),
                    "last_exit", machine.lastExit()));
          }
          Process watched = process;
          OutputTail watchedTail = stderr;
          watched.onExit().thenAccept(p -> context.runOnContext(v ->
              onExit(spawned, watched, watchedTail)));
          if (machine.state() == State.STOPPING) {
            // The stop came while it was being launched: its signals found no process.
            log.info("{} was launched while stopping; killing it", name);
            watched.destroyForcibly();
            changed();
            return;
          }
          context.owner().setTimer(millis(startTimeout), id -> {
            if (spawned == generation && machine.state() == State.STARTING) {
              log.warn("{} not healthy {} after its start; killing it", name, startTimeout);
              apply(machine.unresponsive(Instant.now()));
            }
          });
          probeLater(spawned, STARTING_PROBE_INTERVAL);
          changed();
        });
  }

  /** Runs {@code action} on the daemon's context each time the child's process is gone. */
  void whenExited(Runnable action) {
    onExited = action;
  }

  private void onExit(int spawned, Process exited, OutputTail tail) {
    onExited.run();
    context.owner().executeBlocking(() -> {
      tail.awaitEnd(500);
      return describeExit(exited.exitValue(), tail.lastMeaningfulLine());
    }, false).onComplete(described -> {
      if (spawned != generation) {
        return;
      }
      if (machine.state() == State.STOPPING) {
        log.info("{} (pid {}) exited: {}", name, exited.pid(), described.result());
      } else {
        log.warn("{} (pid {}) exited: {}", name, exited.pid(), described.result());
      }
      apply(machine.exited(Instant.now(), described.result()));
    });
  }

  /** "exit code 1: Unrecognized VM option" or "killed by signal 9". */
  static String describeExit(int exitValue, String lastLine) {
    String how = exitValue > 128 && exitValue < 160
        ? "killed by signal " + (exitValue - 128)
        : "exit code " + exitValue;
    return exitValue == 0 || lastLine.isEmpty() ? how : how + ": " + lastLine;
  }

  private void probeLater(int spawned, Duration delay) {
    context.owner().setTimer(millis(delay), id -> probe(spawned));
  }

  private void probe(int spawned) {
    State state = machine.state();
    if (spawned != generation || (state != State.STARTING && state != State.RUNNING)) {
      return;
    }
    bus.ask(endpoint, HealthRequest.getDefaultInstance(), HealthResponse.class, PROBE_TIMEOUT)
        .onComplete(answer -> {
          if (spawned != generation) {
            return;
          }
          boolean ready = answer.succeeded() && answer.result().getReady();
          if (machine.state() == State.STARTING) {
            if (ready) {
              apply(machine.healthy(Instant.now()));
            }
          } else if (machine.state() == State.RUNNING) {
            missedProbes = ready ? 0 : missedProbes + 1;
            if (missedProbes >= MISSED_PROBES_LIMIT) {
              log.warn("{} missed {} health checks in a row; killing it", name, missedProbes);
              apply(machine.unresponsive(Instant.now()));
            }
          }
          State now = machine.state();
          probeLater(spawned, now == State.STARTING ? STARTING_PROBE_INTERVAL
              : RUNNING_PROBE_INTERVAL);
        });
  }

  private void signal(boolean kill) {
    Process running = process;
    if (running == null || !running.isAlive()) {
      return;
    }
    log.warn("sending {} to {} (pid {})", kill ? "SIGKILL" : "SIGTERM", name, running.pid());
    if (kill) {
      running.destroyForcibly();
    } else {
      running.destroy();
    }
  }

  private static long millis(Duration duration) {
    return Math.max(1, duration.toMillis());
  }
}
