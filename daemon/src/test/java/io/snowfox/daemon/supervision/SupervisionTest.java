package io.snowfox.daemon.supervision;

import static io.snowfox.daemon.supervision.Supervision.EffectType.SCHEDULE_GRACE;
import static io.snowfox.daemon.supervision.Supervision.EffectType.SCHEDULE_RESTART;
import static io.snowfox.daemon.supervision.Supervision.EffectType.SEND_SHUTDOWN;
import static io.snowfox.daemon.supervision.Supervision.EffectType.SIGKILL;
import static io.snowfox.daemon.supervision.Supervision.EffectType.SIGTERM;
import static io.snowfox.daemon.supervision.Supervision.EffectType.SPAWN;
import static io.snowfox.daemon.supervision.Supervision.Result.ILLEGAL;
import static io.snowfox.daemon.supervision.Supervision.Result.NOOP;
import static io.snowfox.daemon.supervision.Supervision.Result.SUCCESS;
import static io.snowfox.daemon.supervision.Supervision.State.BACKING_OFF;
import static io.snowfox.daemon.supervision.Supervision.State.RUNNING;
import static io.snowfox.daemon.supervision.Supervision.State.STARTING;
import static io.snowfox.daemon.supervision.Supervision.State.STOPPED;
import static io.snowfox.daemon.supervision.Supervision.State.STOPPING;
import static io.snowfox.daemon.supervision.Supervision.State.TERMINATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.daemon.supervision.Supervision.Effect;
import io.snowfox.daemon.supervision.Supervision.EffectType;
import io.snowfox.daemon.supervision.Supervision.Result;
import io.snowfox.daemon.supervision.Supervision.State;
import io.snowfox.daemon.supervision.Supervision.Transition;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SupervisionTest {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  /** The middle of [0, 1): the backoff adds no jitter. */
  private static final double NO_JITTER = 0.5;

  private static final Map<String, Function<Supervision, Transition>> EVENTS = Map.of(
      "start", s -> s.start(T0),
      "healthy", s -> s.healthy(T0),
      "exited", s -> s.exited(T0, "exit code 1"),
      "backoffElapsed", s -> s.backoffElapsed(T0),
      "unresponsive", s -> s.unresponsive(T0),
      "stop", Supervision::stop,
      "graceExpired", Supervision::graceExpired);

  private final Supervision spawner =
      new Supervision("spawner", SupervisionPolicy.defaults(), () -> NO_JITTER);

  /** Every event in every state; an empty effects column means none. */
  @ParameterizedTest(name = "{1} in {0} -> {2} {3} [{4}]")
  @CsvSource(delimiter = '|', textBlock = """
      STOPPED     | start          | SUCCESS | STARTING    | SPAWN
      STOPPED     | healthy        | ILLEGAL | STOPPED     |
      STOPPED     | exited         | ILLEGAL | STOPPED     |
      STOPPED     | backoffElapsed | NOOP    | STOPPED     |
      STOPPED     | unresponsive   | NOOP    | STOPPED     |
      STOPPED     | stop           | SUCCESS | TERMINATED  |
      STOPPED     | graceExpired   | NOOP    | STOPPED     |
      STARTING    | start          | NOOP    | STARTING    |
      STARTING    | healthy        | SUCCESS | RUNNING     |
      STARTING    | exited         | SUCCESS | BACKING_OFF | SCHEDULE_RESTART
      STARTING    | backoffElapsed | NOOP    | STARTING    |
      STARTING    | unresponsive   | SUCCESS | STARTING    | SIGKILL
      STARTING    | stop           | SUCCESS | STOPPING    | SEND_SHUTDOWN SCHEDULE_GRACE
      STARTING    | graceExpired   | NOOP    | STARTING    |
      RUNNING     | start          | NOOP    | RUNNING     |
      RUNNING     | healthy        | NOOP    | RUNNING     |
      RUNNING     | exited         | SUCCESS | BACKING_OFF | SCHEDULE_RESTART
      RUNNING     | backoffElapsed | NOOP    | RUNNING     |
      RUNNING     | unresponsive   | SUCCESS | RUNNING     | SIGKILL
      RUNNING     | stop           | SUCCESS | STOPPING    | SEND_SHUTDOWN SCHEDULE_GRACE
      RUNNING     | graceExpired   | NOOP    | RUNNING     |
      BACKING_OFF | start          | NOOP    | BACKING_OFF |
      BACKING_OFF | healthy        | ILLEGAL | BACKING_OFF |
      BACKING_OFF | exited         | ILLEGAL | BACKING_OFF |
      BACKING_OFF | backoffElapsed | SUCCESS | STARTING    | SPAWN
      BACKING_OFF | unresponsive   | NOOP    | BACKING_OFF |
      BACKING_OFF | stop           | SUCCESS | TERMINATED  |
      BACKING_OFF | graceExpired   | NOOP    | BACKING_OFF |
      STOPPING    | start          | ILLEGAL | STOPPING    |
      STOPPING    | healthy        | ILLEGAL | STOPPING    |
      STOPPING    | exited         | SUCCESS | TERMINATED  |
      STOPPING    | backoffElapsed | NOOP    | STOPPING    |
      STOPPING    | unresponsive   | NOOP    | STOPPING    |
      STOPPING    | stop           | NOOP    | STOPPING    |
      STOPPING    | graceExpired   | SUCCESS | STOPPING    | SIGTERM SCHEDULE_GRACE
      TERMINATED  | start          | ILLEGAL | TERMINATED  |
      TERMINATED  | healthy        | ILLEGAL | TERMINATED  |
      TERMINATED  | exited         | ILLEGAL | TERMINATED  |
      TERMINATED  | backoffElapsed | NOOP    | TERMINATED  |
      TERMINATED  | unresponsive   | NOOP    | TERMINATED  |
      TERMINATED  | stop           | NOOP    | TERMINATED  |
      TERMINATED  | graceExpired   | NOOP    | TERMINATED  |
      """)
  void everyEventInEveryState(State from, String event, Result result, State to, String effects) {
    Supervision supervision = in(from);
    String before = snapshot(supervision);

    Transition t = EVENTS.get(event).apply(supervision);

    assertThat(t.from()).isEqualTo(from);
    assertTransition(t, result, to, parse(effects));
    if (result != SUCCESS) {
      assertThat(snapshot(supervision)).as("unchanged after %s", result).isEqualTo(before);
    }
  }

  @Test
  void startSpawnsTheChild() {
    assertTransition(spawner.start(T0), SUCCESS, STARTING, SPAWN);
    assertThat(spawner.reason()).isEqualTo("spawner starting");
  }

  @Test
  void healthyChildIsRunning() {
    spawner.start(T0);

    assertTransition(spawner.healthy(T0.plusSeconds(1)), SUCCESS, RUNNING);
    assertThat(spawner.reason()).isEmpty();
    assertThat(spawner.restarts()).isZero();
  }

  @Test
  void crashWhileStartingBacksOffWithGrowingDelay() {
    spawner.start(T0);

    assertThat(crashAndRespawn()).isEqualTo(Duration.ofMillis(500));
    assertThat(crashAndRespawn()).isEqualTo(Duration.ofMillis(1000));
    assertThat(crashAndRespawn()).isEqualTo(Duration.ofMillis(2000));
    assertThat(spawner.consecutiveFailures()).isEqualTo(3);
    assertThat(spawner.restarts()).isEqualTo(3);
  }

  @Test
  void backoffDrawsItsJitterFromTheSupplier() {
    Supervision unlucky = new Supervision("spawner", SupervisionPolicy.defaults(), () -> 0.0);
    unlucky.start(T0);

    assertThat(unlucky.exited(T0, "exit code 1").effects())
        .containsExactly(Effect.after(SCHEDULE_RESTART, Duration.ofMillis(400)));
  }

  @Test
  void fifthConsecutiveCrashDeclaresCrashLoop() {
    spawner.start(T0);
    for (int i = 0; i < 4; i++) {
      crashAndRespawn();
    }
    assertThat(spawner.crashLooping()).isFalse();

    spawner.exited(T0, "exit code 1");

    assertThat(spawner.crashLooping()).isTrue();
    assertThat(spawner.state()).isEqualTo(BACKING_OFF);
  }

  @Test
  void crashLoopingChildIsStillRestarted() {
    spawner.start(T0);
    for (int i = 0; i < 5; i++) {
      crashAndRespawn();
    }

    assertTransition(spawner.exited(T0, "exit code 1"), SUCCESS, BACKING_OFF, SCHEDULE_RESTART);
    assertTransition(spawner.backoffElapsed(T0), SUCCESS, STARTING, SPAWN);
    assertThat(spawner.crashLooping()).isTrue();
  }

  @Test
  void childHealthyAgainClearsCrashLoop() {
    spawner.start(T0);
    for (int i = 0; i < 5; i++) {
      crashAndRespawn();
    }
    assertThat(spawner.crashLooping()).isTrue();

    spawner.healthy(T0);

    assertThat(spawner.crashLooping()).isFalse();
    assertThat(spawner.reason()).isEmpty();
  }

  @Test
  void exitAfterStableRunResetsFailureCount() {
    spawner.start(T0);
    crashAndRespawn();
    crashAndRespawn();
    spawner.healthy(T0);

    Transition t = spawner.exited(T0.plus(SupervisionPolicy.DEFAULT_STABLE_AFTER), "exit code 1");

    assertThat(spawner.consecutiveFailures()).isEqualTo(1);
    assertThat(t.effects()).containsExactly(Effect.after(SCHEDULE_RESTART, Duration.ofMillis(500)));
    assertThat(spawner.restarts()).isEqualTo(3);
  }

  @Test
  void exitBeforeStableRunCountsAsAnotherFailure() {
    spawner.start(T0);
    crashAndRespawn();
    spawner.healthy(T0);

    spawner.exited(T0.plusSeconds(29), "exit code 1");

    assertThat(spawner.consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void stopRunningChildSendsShutdownThenEscalates() {
    running();

    assertThat(spawner.stop().effects()).containsExactly(
        Effect.of(SEND_SHUTDOWN), Effect.after(SCHEDULE_GRACE, Duration.ofSeconds(10)));
    assertThat(spawner.graceExpired().effects()).containsExactly(
        Effect.of(SIGTERM), Effect.after(SCHEDULE_GRACE, Duration.ofSeconds(5)));
    assertTransition(spawner.graceExpired(), SUCCESS, STOPPING, SIGKILL);
    assertTransition(spawner.graceExpired(), NOOP, STOPPING);
    assertThat(spawner.reason()).isEqualTo("spawner stopping");
  }

  @Test
  void expectedExitWhileStoppingTerminates() {
    running();
    spawner.stop();

    assertTransition(spawner.exited(T0, "exit code 0"), SUCCESS, TERMINATED);
    assertThat(spawner.lastExit()).isEqualTo("exit code 0");
    assertThat(spawner.restarts()).isZero();
    assertThat(spawner.reason()).isEqualTo("spawner stopped");
  }

  @Test
  void graceTimerAfterExpectedExitIsNoop() {
    running();
    spawner.stop();
    spawner.exited(T0, "exit code 0");

    assertTransition(spawner.graceExpired(), NOOP, TERMINATED);
  }

  @Test
  void stopWhileBackingOffTerminatesAtOnce() {
    spawner.start(T0);
    spawner.exited(T0, "exit code 1");

    assertTransition(spawner.stop(), SUCCESS, TERMINATED);
  }

  @Test
  void stopBeforeStartTerminatesAtOnce() {
    assertTransition(spawner.stop(), SUCCESS, TERMINATED);
    assertTransition(spawner.start(T0), ILLEGAL, TERMINATED);
  }

  @Test
  void staleBackoffTimerAfterStopIsNoop() {
    spawner.start(T0);
    spawner.exited(T0, "exit code 1");
    spawner.stop();

    assertTransition(spawner.backoffElapsed(T0), NOOP, TERMINATED);
  }

  @Test
  void staleProbeAnswerIsIllegal() {
    spawner.start(T0);
    spawner.exited(T0, "exit code 1");

    assertTransition(spawner.healthy(T0), ILLEGAL, BACKING_OFF);
  }

  @Test
  void unresponsiveChildIsKilledAndItsExitRestartsIt() {
    running();

    assertTransition(spawner.unresponsive(T0), SUCCESS, RUNNING, SIGKILL);
    assertTransition(spawner.exited(T0, "killed by signal 9"), SUCCESS, BACKING_OFF,
        SCHEDULE_RESTART);
    assertThat(spawner.lastExit()).isEqualTo("killed by signal 9");
  }

  @Test
  void childThatNeverBecomesHealthyIsKilled() {
    spawner.start(T0);

    assertTransition(spawner.unresponsive(T0.plusSeconds(60)), SUCCESS, STARTING, SIGKILL);
  }

  @Test
  void reasonNamesCrashLoopAndLastExit() {
    spawner.start(T0);
    for (int i = 0; i < 4; i++) {
      crashAndRespawn();
    }
    spawner.exited(T0, "exit code 1");

    assertThat(spawner.reason()).isEqualTo("spawner is crash-looping: 5 exits in a row without"
        + " staying up 30s; last: exit code 1");
    spawner.backoffElapsed(T0);
    assertThat(spawner.reason()).startsWith("spawner is crash-looping: 5 exits");
  }

  @Test
  void reasonFollowsTheLifecycle() {
    assertThat(spawner.reason()).isEqualTo("spawner not started");
    spawner.start(T0);
    assertThat(spawner.reason()).isEqualTo("spawner starting");
    spawner.healthy(T0);
    assertThat(spawner.reason()).isEmpty();
    spawner.exited(T0, "exit code 137");
    assertThat(spawner.reason()).isEqualTo("spawner restarting after exit code 137 (restart 1)");
    spawner.backoffElapsed(T0);
    spawner.exited(T0, "exit code 137");
    assertThat(spawner.reason()).isEqualTo("spawner restarting after exit code 137 (restart 2)");
    spawner.backoffElapsed(T0);
    assertThat(spawner.reason()).isEqualTo("spawner restarting after exit code 137 (restart 2)");
    spawner.stop();
    assertThat(spawner.reason()).isEqualTo("spawner stopping");
    spawner.exited(T0, "exit code 0");
    assertThat(spawner.reason()).isEqualTo("spawner stopped");
  }

  @Test
  void reasonStaysOnOneLineWhenTheExitCarriesOutput() {
    spawner.start(T0);
    spawner.exited(T0, "exit code 1\nError: port 5701 in use\r\n  at Boot.main\n");

    assertThat(spawner.reason()).isEqualTo("spawner restarting after exit code 1"
        + " | Error: port 5701 in use | at Boot.main (restart 1)");
    assertThat(spawner.lastExit()).startsWith("exit code 1\nError");
  }

  @Test
  void lastExitIsEmptyBeforeAnyExit() {
    assertThat(spawner.lastExit()).isEmpty();
    assertThat(spawner.name()).isEqualTo("spawner");
  }

  private static void assertTransition(Transition t, Result result, State to,
      EffectType... effects) {
    assertThat(t.result()).as("result").isEqualTo(result);
    assertThat(t.to()).as("to").isEqualTo(to);
    assertThat(t.effects()).extracting(Effect::type).as("effects").containsExactly(effects);
  }

  /** Crashes the child while starting, lets the backoff elapse; returns the backoff delay. */
  private Duration crashAndRespawn() {
    Transition crash = spawner.exited(T0, "exit code 1");
    assertTransition(crash, SUCCESS, BACKING_OFF, SCHEDULE_RESTART);
    assertTransition(spawner.backoffElapsed(T0), SUCCESS, STARTING, SPAWN);
    return crash.effects().get(0).delay();
  }

  private void running() {
    spawner.start(T0);
    spawner.healthy(T0);
  }

  private static Supervision in(State state) {
    Supervision s = new Supervision("spawner", SupervisionPolicy.defaults(), () -> NO_JITTER);
    switch (state) {
      case STOPPED -> { }
      case STARTING -> s.start(T0);
      case RUNNING -> {
        s.start(T0);
        s.healthy(T0);
      }
      case BACKING_OFF -> {
        s.start(T0);
        s.exited(T0, "exit code 1");
      }
      case STOPPING -> {
        s.start(T0);
        s.stop();
      }
      case TERMINATED -> s.stop();
    }
    assertThat(s.state()).isEqualTo(state);
    return s;
  }

  private static EffectType[] parse(String effects) {
    return effects == null
        ? new EffectType[0]
        : Arrays.stream(effects.trim().split("\\s+")).map(EffectType::valueOf)
            .toArray(EffectType[]::new);
  }

  private static String snapshot(Supervision s) {
    return String.join(", ", List.of(s.state().name(), "restarts=" + s.restarts(),
        "failures=" + s.consecutiveFailures(), "crashLooping=" + s.crashLooping(),
        "lastExit=" + s.lastExit(), "reason=" + s.reason()));
  }
}
