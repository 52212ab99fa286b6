package io.snowfox.manager.jobs;

import static io.snowfox.manager.jobs.InstanceMachine.EffectType.START_PROCESS;
import static io.snowfox.manager.jobs.InstanceMachine.EffectType.STOP_PROCESS;
import static io.snowfox.manager.jobs.InstanceMachine.Result.ILLEGAL;
import static io.snowfox.manager.jobs.InstanceMachine.Result.NOOP;
import static io.snowfox.manager.jobs.InstanceMachine.Result.SUCCESS;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_EXITED;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_FAILED;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_KILLED;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_LOST;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_PENDING;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_RUNNING;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_STARTING;
import static io.snowfox.protocol.v1.InstanceState.INSTANCE_STATE_STOPPING;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.manager.jobs.InstanceMachine.Effect;
import io.snowfox.manager.jobs.InstanceMachine.Exit;
import io.snowfox.manager.jobs.InstanceMachine.Result;
import io.snowfox.manager.jobs.InstanceMachine.Transition;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The instance life cycle as a table: state before, event, result, state after, effects. The
 * focused tests below the table check the fields a user reads (run id, pid, reasons, restarts).
 */
class InstanceMachineTest {

  private static final String JOB = "job-1";
  private static final String NODE = "node-1";
  private static final String RUN = "job-1.0.0";
  private static final long PID = 4242;
  private static final long STARTED_AT = 1_000_000L;
  private static final long NOW = 5_000_000L;

  private static final JobSpec NEVER = spec(RestartMode.RESTART_MODE_NEVER);
  private static final JobSpec ON_FAILURE = spec(RestartMode.RESTART_MODE_ON_FAILURE);
  private static final JobSpec ALWAYS = spec(RestartMode.RESTART_MODE_ALWAYS);

  /** One event, named for the table's display. */
  private record Event(String name, Function<Instance, Transition> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  // ---- events

  private static Event place(String node) {
    return new Event("place on " + node, i -> InstanceMachine.place(JOB, i, node, NOW));
  }

  private static Event unplaceable(String why) {
    return new Event("unplaceable", i -> InstanceMachine.unplaceable(i, why));
  }

  private static Event started(String runId) {
    return new Event("started " + runId,
        i -> InstanceMachine.started(i, runId, PID, STARTED_AT));
  }

  private static Event exited(JobSpec spec, Exit exit) {
    return new Event("exited " + exit.describe() + " (" + io.snowfox.protocol.JobNames.of(
        spec.getRestart().getMode()) + ")", i -> InstanceMachine.exited(spec, i, exit, NOW));
  }

  private static Event lost(JobSpec spec) {
    return new Event("lost (" + io.snowfox.protocol.JobNames.of(spec.getRestart().getMode()) + ")",
        i -> InstanceMachine.lost(spec, i, "node gone", NOW));
  }

  private static Event refused(String runId) {
    return new Event("refused " + runId, i -> InstanceMachine.refused(i, runId, "forbidden", NOW));
  }

  private static Event stop() {
    return new Event("stop", i -> InstanceMachine.stop(i, NOW));
  }

  private static Exit code(int exitCode) {
    return new Exit(RUN, exitCode, 0, "", NOW);
  }

  private static Exit signal(int signal) {
    return new Exit(RUN, -1, signal, "", NOW);
  }

  private static Exit error(String why) {
    return new Exit(RUN, -1, 0, why, NOW);
  }

  private static Effect startProcess(String runId, String node) {
    return new Effect(START_PROCESS, runId, node);
  }

  private static Effect stopProcess(String runId, String node) {
    return new Effect(STOP_PROCESS, runId, node);
  }

  // ---- instances

  private static JobSpec spec(RestartMode mode) {
    return JobSpecs.withDefaults(JobSpec.newBuilder().setName("job").setCommand("true")
        .setRestart(RestartPolicy.newBuilder().setMode(mode)).build());
  }

  /** An instance of run {@link #RUN} as it is once in {@code state}. */
  private static Instance instance(InstanceState state) {
    Instance.Builder instance = Instance.newBuilder().setIndex(0).setState(state);
    if (state == INSTANCE_STATE_PENDING) {
      return instance.build();
    }
    instance.setNodeId(NODE).setRunId(RUN);
    if (state != INSTANCE_STATE_STARTING) {
      instance.setPid(PID).setStartedAtMicros(STARTED_AT);
    }
    if (io.snowfox.protocol.JobNames.isTerminal(state)) {
      instance.setEndedAtMicros(STARTED_AT + 1).setLastError("ended before");
    }
    return instance.build();
  }

  private static Instance pendingUntil(long notBeforeMicros) {
    return instance(INSTANCE_STATE_PENDING).toBuilder().setNotBeforeMicros(notBeforeMicros)
        .build();
  }

  /** Applies {@code event} to {@code before} and checks the result, new state and effects. */
  private static Instance assertTransition(Result result, Instance before, Event event,
      InstanceState after, Effect... effects) {
    Transition transition = event.apply().apply(before);

    assertThat(transition.result()).as("result of %s in %s", event, before.getState())
        .isEqualTo(result);
    assertThat(transition.instance().getState()).as("state after %s", event).isEqualTo(after);
    assertThat(transition.effects()).as("effects of %s", event).containsExactly(effects);
    if (result != SUCCESS) {
      assertThat(transition.instance()).as("an unchanged instance").isEqualTo(before);
    }
    return transition.instance();
  }

  // ---- the table

  static Stream<Arguments> transitions() {
    Instance pending = instance(INSTANCE_STATE_PENDING);
    Instance starting = instance(INSTANCE_STATE_STARTING);
    Instance running = instance(INSTANCE_STATE_RUNNING);
    Instance stopping = instance(INSTANCE_STATE_STOPPING);
    Instance exited = instance(INSTANCE_STATE_EXITED);
    Instance failed = instance(INSTANCE_STATE_FAILED);
    Instance killed = instance(INSTANCE_STATE_KILLED);
    Instance lostOne = instance(INSTANCE_STATE_LOST);
    List<Instance> ended = List.of(exited, failed, killed, lostOne);
    List<Instance> placed = List.of(starting, running, stopping, exited, failed, killed,
        lostOne);

    Stream.Builder<Arguments> rows = Stream.builder();
    // place
    rows.add(row(SUCCESS, pending, place("node-2"), INSTANCE_STATE_STARTING,
        startProcess(RUN, "node-2")));
    rows.add(row(SUCCESS, pendingUntil(NOW), place("node-2"), INSTANCE_STATE_STARTING,
        startProcess(RUN, "node-2")));
    rows.add(row(NOOP, pendingUntil(NOW + 1), place("node-2"), INSTANCE_STATE_PENDING));
    placed.forEach(i -> rows.add(row(NOOP, i, place("node-2"), i.getState())));
    // unplaceable
    rows.add(row(SUCCESS, pending, unplaceable("no node"), INSTANCE_STATE_PENDING));
    rows.add(row(NOOP, pending.toBuilder().setLastError("no node").build(),
        unplaceable("no node"), INSTANCE_STATE_PENDING));
    placed.forEach(i -> rows.add(row(NOOP, i, unplaceable("no node"), i.getState())));
    // started
    rows.add(row(SUCCESS, starting, started(RUN), INSTANCE_STATE_RUNNING));
    rows.add(row(ILLEGAL, starting, started("job-1.0.7"), INSTANCE_STATE_STARTING));
    rows.add(row(NOOP, running, started(RUN), INSTANCE_STATE_RUNNING));
    rows.add(row(NOOP, stopping, started(RUN), INSTANCE_STATE_STOPPING));
    ended.forEach(i -> rows.add(row(NOOP, i, started(RUN), i.getState())));
    // exited, no restarts
    rows.add(row(SUCCESS, running, exited(NEVER, code(0)), INSTANCE_STATE_EXITED));
    rows.add(row(SUCCESS, running, exited(NEVER, code(3)), INSTANCE_STATE_FAILED));
    rows.add(row(SUCCESS, running, exited(NEVER, signal(9)), INSTANCE_STATE_KILLED));
    rows.add(row(SUCCESS, running, exited(NEVER, error("cannot start")),
        INSTANCE_STATE_FAILED));
    rows.add(row(SUCCESS, starting, exited(NEVER, error("cannot start")),
        INSTANCE_STATE_FAILED));
    rows.add(row(SUCCESS, stopping, exited(NEVER, signal(15)), INSTANCE_STATE_KILLED));
    rows.add(row(SUCCESS, stopping, exited(ALWAYS, code(0)), INSTANCE_STATE_KILLED));
    rows.add(row(ILLEGAL, running, exited(NEVER, new Exit("job-1.0.7", 0, 0, "", NOW)),
        INSTANCE_STATE_RUNNING));
    ended.forEach(i -> rows.add(row(NOOP, i, exited(ALWAYS, code(3)), i.getState())));
    // exited, restarted by the policy
    rows.add(row(SUCCESS, running, exited(ON_FAILURE, code(3)), INSTANCE_STATE_PENDING));
    rows.add(row(SUCCESS, running, exited(ON_FAILURE, signal(9)), INSTANCE_STATE_PENDING));
    rows.add(row(SUCCESS, running, exited(ON_FAILURE, code(0)), INSTANCE_STATE_EXITED));
    rows.add(row(SUCCESS, running, exited(ALWAYS, code(0)), INSTANCE_STATE_PENDING));
    rows.add(row(SUCCESS, running, exited(ALWAYS, code(3)), INSTANCE_STATE_PENDING));
    // a re-sent exit report of the run before a restart changes nothing
    rows.add(row(NOOP, pending.toBuilder().setRunId(RUN).setRestarts(1).build(),
        exited(ALWAYS, code(3)), INSTANCE_STATE_PENDING));
    // refused for good by the spawner: failed, whatever the policy
    rows.add(row(SUCCESS, starting, refused(RUN), INSTANCE_STATE_FAILED));
    rows.add(row(ILLEGAL, starting, refused("job-1.0.7"), INSTANCE_STATE_STARTING));
    rows.add(row(NOOP, pending.toBuilder().setRunId(RUN).build(), refused(RUN),
        INSTANCE_STATE_PENDING));
    rows.add(row(NOOP, running, refused(RUN), INSTANCE_STATE_RUNNING));
    rows.add(row(NOOP, stopping, refused(RUN), INSTANCE_STATE_STOPPING));
    ended.forEach(i -> rows.add(row(NOOP, i, refused(RUN), i.getState())));
    // lost
    rows.add(row(SUCCESS, running, lost(NEVER), INSTANCE_STATE_LOST));
    rows.add(row(SUCCESS, starting, lost(NEVER), INSTANCE_STATE_LOST));
    rows.add(row(SUCCESS, running, lost(ON_FAILURE), INSTANCE_STATE_PENDING));
    rows.add(row(SUCCESS, running, lost(ALWAYS), INSTANCE_STATE_PENDING));
    rows.add(row(SUCCESS, stopping, lost(ALWAYS), INSTANCE_STATE_KILLED));
    rows.add(row(NOOP, pending, lost(NEVER), INSTANCE_STATE_PENDING));
    ended.forEach(i -> rows.add(row(NOOP, i, lost(ALWAYS), i.getState())));
    // stop
    rows.add(row(SUCCESS, pending, stop(), INSTANCE_STATE_KILLED));
    rows.add(row(SUCCESS, starting, stop(), INSTANCE_STATE_STOPPING, stopProcess(RUN, NODE)));
    rows.add(row(SUCCESS, running, stop(), INSTANCE_STATE_STOPPING, stopProcess(RUN, NODE)));
    rows.add(row(NOOP, stopping, stop(), INSTANCE_STATE_STOPPING));
    ended.forEach(i -> rows.add(row(NOOP, i, stop(), i.getState())));
    return rows.build();
  }

  private static Arguments row(Result result, Instance before, Event event, InstanceState after,
      Effect... effects) {
    return Arguments.of(result, before.getState(), event, after, before, effects);
  }

  @ParameterizedTest(name = "{1} --{2}--> {0} {3}")
  @MethodSource("transitions")
  void transitionTable(Result result, InstanceState beforeState, Event event,
      InstanceState after, Instance before, Effect[] effects) {
    assertTransition(result, before, event, after, effects);
  }

  // ---- place, unplaceable, started

  @Test
  void placingStartsTheNextRunNamedAfterJobIndexAndRestarts() {
    Instance before = Instance.newBuilder().setIndex(2).setRestarts(3)
        .setState(INSTANCE_STATE_PENDING).setPid(77).setLastError("no node").build();

    Instance after = assertTransition(SUCCESS, before, place("node-2"), INSTANCE_STATE_STARTING,
        startProcess("job-1.2.3", "node-2"));

    assertThat(after.getRunId()).isEqualTo("job-1.2.3");
    assertThat(after.getNodeId()).isEqualTo("node-2");
    assertThat(after.getPid()).isZero();
    assertThat(after.getLastError()).isEmpty();
  }

  @Test
  void anUnplaceableInstanceSaysWhyOnce() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_PENDING),
        unplaceable("no node has the labels {zone=eu}"), INSTANCE_STATE_PENDING);

    assertThat(after.getLastError()).isEqualTo("no node has the labels {zone=eu}");
    assertTransition(NOOP, after, unplaceable("no node has the labels {zone=eu}"),
        INSTANCE_STATE_PENDING);
    assertThat(assertTransition(SUCCESS, after, unplaceable("no node with a running spawner"),
        INSTANCE_STATE_PENDING).getLastError()).isEqualTo("no node with a running spawner");
  }

  @Test
  void aStartedRunIsRunningWithItsPidAndStartTime() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_STARTING), started(RUN),
        INSTANCE_STATE_RUNNING);

    assertThat(after.getPid()).isEqualTo(PID);
    assertThat(after.getStartedAtMicros()).isEqualTo(STARTED_AT);
    assertThat(after.getEndedAtMicros()).isZero();
  }

  // ---- exits

  @Test
  void anExitZeroIsExitedWithoutError() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        exited(NEVER, code(0)), INSTANCE_STATE_EXITED);

    assertThat(after.getExitCode()).isZero();
    assertThat(after.getLastError()).isEmpty();
    assertThat(after.getEndedAtMicros()).isEqualTo(NOW);
  }

  @Test
  void anExitCodeFailsWithTheCode() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        exited(NEVER, code(3)), INSTANCE_STATE_FAILED);

    assertThat(after.getExitCode()).isEqualTo(3);
    assertThat(after.getLastError()).isEqualTo("exit code 3");
  }

  @Test
  void aSignalKillsWithTheSignal() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        exited(NEVER, signal(9)), INSTANCE_STATE_KILLED);

    assertThat(after.getSignal()).isEqualTo(9);
    assertThat(after.getLastError()).isEqualTo("killed by signal 9");
  }

  @Test
  void anErrorFailsWithItsText() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_STARTING),
        exited(NEVER, error("command 'nope' not found in PATH /bin")), INSTANCE_STATE_FAILED);

    assertThat(after.getLastError()).isEqualTo("command 'nope' not found in PATH /bin");
  }

  @Test
  void aRefusedStartFailsWithItsReasonAndIsNotRestartedEvenUnderAlways() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_STARTING), refused(RUN),
        INSTANCE_STATE_FAILED);

    assertThat(after.getLastError()).isEqualTo("forbidden");
    assertThat(after.getRestarts()).isZero();
    assertThat(after.getEndedAtMicros()).isEqualTo(NOW);
    assertThat(after.getExitCode()).isEqualTo(-1);
  }

  @Test
  void anEndedInstanceKeepsThePidItRanAs() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        exited(NEVER, code(3)), INSTANCE_STATE_FAILED);

    assertThat(after.getPid()).isEqualTo(PID);
    assertThat(after.getRunId()).isEqualTo(RUN);
    assertThat(after.getNodeId()).isEqualTo(NODE);
  }

  @Test
  void aStoppedRunEndsKilledWhateverItsExit() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_STOPPING),
        exited(ON_FAILURE, code(3)), INSTANCE_STATE_KILLED);

    assertThat(after.getLastError()).isEqualTo("stopped");
    assertThat(after.getRestarts()).isZero();
    assertThat(after.getPid()).isEqualTo(PID);
  }

  // ---- restarts

  @Test
  void aFailedRunIsRestartedAfterTheBackoff() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        exited(ON_FAILURE, code(3)), INSTANCE_STATE_PENDING);

    assertThat(after.getRestarts()).isEqualTo(1);
    assertThat(after.getNotBeforeMicros())
        .isEqualTo(NOW + JobSpecs.DEFAULT_BACKOFF_MILLIS * 1_000);
    assertThat(after.getLastError()).isEqualTo("exit code 3");
    assertThat(after.getPid()).isZero();
  }

  @Test
  void eachRestartWaitsTwiceAsLong() {
    Instance secondRun = instance(INSTANCE_STATE_RUNNING).toBuilder().setRestarts(1).build();

    Instance after = assertTransition(SUCCESS, secondRun, exited(ALWAYS, code(0)),
        INSTANCE_STATE_PENDING);

    assertThat(after.getRestarts()).isEqualTo(2);
    assertThat(after.getNotBeforeMicros())
        .isEqualTo(NOW + 2 * JobSpecs.DEFAULT_BACKOFF_MILLIS * 1_000);
  }

  @Test
  void theRestartedInstanceStartsANewRunOnceDue() {
    Instance restarted = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        exited(ALWAYS, code(0)), INSTANCE_STATE_PENDING);

    assertTransition(NOOP, restarted, place(NODE), INSTANCE_STATE_PENDING);
    Transition due = InstanceMachine.place(JOB, restarted, NODE,
        restarted.getNotBeforeMicros());
    assertThat(due.result()).isEqualTo(SUCCESS);
    assertThat(due.effects()).containsExactly(startProcess("job-1.0.1", NODE));
  }

  @Test
  void anInstanceOutOfRestartsEndsForGood() {
    Instance lastAllowed = instance(INSTANCE_STATE_RUNNING).toBuilder()
        .setRestarts(JobSpecs.DEFAULT_ON_FAILURE_RESTARTS).build();

    Instance after = assertTransition(SUCCESS, lastAllowed, exited(ON_FAILURE, code(3)),
        INSTANCE_STATE_FAILED);

    assertThat(after.getRestarts()).isEqualTo(JobSpecs.DEFAULT_ON_FAILURE_RESTARTS);
    assertThat(after.getLastError()).isEqualTo("exit code 3");
  }

  @Test
  void withoutARestartPolicyAFailedRunEndsForGood() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        exited(NEVER, signal(9)), INSTANCE_STATE_KILLED);

    assertThat(after.getRestarts()).isZero();
    assertThat(after.getNotBeforeMicros()).isZero();
  }

  // ---- lost and stop

  @Test
  void aLostRunSaysWhy() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING), lost(NEVER),
        INSTANCE_STATE_LOST);

    assertThat(after.getLastError()).isEqualTo("node gone");
    assertThat(after.getEndedAtMicros()).isEqualTo(NOW);
  }

  @Test
  void aLostRunIsRestartedByItsPolicy() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_RUNNING),
        lost(ON_FAILURE), INSTANCE_STATE_PENDING);

    assertThat(after.getRestarts()).isEqualTo(1);
    assertThat(after.getLastError()).isEqualTo("node gone");
  }

  @Test
  void aRunLostWhileStoppingCountsAsStopped() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_STOPPING), lost(ALWAYS),
        INSTANCE_STATE_KILLED);

    assertThat(after.getLastError()).isEqualTo("stopped (node gone)");
  }

  @Test
  void stoppingAPendingInstanceEndsItAtOnce() {
    Instance after = assertTransition(SUCCESS, instance(INSTANCE_STATE_PENDING), stop(),
        INSTANCE_STATE_KILLED);

    assertThat(after.getLastError()).isEqualTo("stopped before it started");
    assertThat(after.getEndedAtMicros()).isEqualTo(NOW);
  }

  @Test
  void stoppingARunningInstanceStopsItsProcessOnItsNode() {
    Instance running = instance(INSTANCE_STATE_RUNNING).toBuilder().setNodeId("node-3").build();

    Instance after = assertTransition(SUCCESS, running, stop(), INSTANCE_STATE_STOPPING,
        stopProcess(RUN, "node-3"));

    assertThat(after.getPid()).isEqualTo(PID);
  }

  @Test
  void onlyExitedFailedKilledAndLostAreTerminal() {
    assertThat(Stream.of(InstanceState.values())
        .filter(s -> s != InstanceState.UNRECOGNIZED)
        .filter(io.snowfox.protocol.JobNames::isTerminal))
        .containsExactlyInAnyOrder(INSTANCE_STATE_EXITED, INSTANCE_STATE_FAILED,
            INSTANCE_STATE_KILLED, INSTANCE_STATE_LOST);
  }

  // ---- moves (a drain)

  private static Instance runningOn(String node) {
    return Instance.newBuilder().setIndex(0).setState(INSTANCE_STATE_RUNNING).setNodeId(node)
        .setRunId(RUN).setPid(PID).setRestarts(0).build();
  }

  @Test
  void aMoveStartsANewRunElsewhereFirstAndKeepsTheOldOneUntilTheNewRuns() {
    Transition moving = InstanceMachine.move(JOB, runningOn("old"), "new", NOW);

    assertThat(moving.result()).isEqualTo(SUCCESS);
    Instance next = moving.instance();
    assertThat(next.getState()).isEqualTo(INSTANCE_STATE_STARTING);
    assertThat(next.getNodeId()).isEqualTo("new");
    assertThat(next.getRunId()).isEqualTo("job-1.0.1");
    assertThat(next.getRestarts()).isZero(); // a move is no restart: max_restarts is untouched
    assertThat(next.getReplacedRunId()).isEqualTo(RUN);
    assertThat(next.getReplacedNodeId()).isEqualTo("old");
    assertThat(moving.effects()).containsExactly(new Effect(START_PROCESS, "job-1.0.1", "new"));

    Transition running = InstanceMachine.started(next, "job-1.0.1", 7, NOW);
    assertThat(running.instance().getState()).isEqualTo(INSTANCE_STATE_RUNNING);
    assertThat(running.effects()).containsExactly(new Effect(STOP_PROCESS, RUN, "old"));

    Transition done = InstanceMachine.replacedEnded(running.instance(), RUN);
    assertThat(done.result()).isEqualTo(SUCCESS);
    assertThat(done.instance().getReplacedRunId()).isEmpty();
    assertThat(done.instance().getReplacedNodeId()).isEmpty();
    assertThat(InstanceMachine.replacedEnded(done.instance(), RUN).result()).isEqualTo(NOOP);
  }

  @Test
  void onlyARunningInstanceThatIsNotMovingAlreadyMoves() {
    Instance moving = InstanceMachine.move(JOB, runningOn("old"), "new", NOW).instance();

    assertThat(InstanceMachine.move(JOB, moving.toBuilder().setState(INSTANCE_STATE_RUNNING)
        .build(), "third", NOW).result()).isEqualTo(NOOP);
    assertThat(InstanceMachine.move(JOB, runningOn("old").toBuilder()
        .setState(INSTANCE_STATE_PENDING).build(), "new", NOW).result()).isEqualTo(NOOP);
    assertThat(InstanceMachine.move(JOB, runningOn("old"), "old", NOW).result())
        .isEqualTo(NOOP);
  }

  @Test
  void aRunLostWithItsNodeRestartsAtOnceWithoutBackOff() {
    JobSpec always = ALWAYS.toBuilder().setRestart(ALWAYS.getRestart().toBuilder()
        .setBackoffMillis(1000)).build();

    Transition lost = InstanceMachine.lost(always, runningOn("gone"), "node gone left", NOW);

    assertThat(lost.instance().getState()).isEqualTo(INSTANCE_STATE_PENDING);
    assertThat(lost.instance().getNotBeforeMicros()).isEqualTo(NOW);
  }

  @Test
  void aStartNoSpawnerTookIsPlacedAgainWithoutARestartWhateverThePolicy() {
    Instance starting = InstanceMachine.place(JOB, Instance.newBuilder().setIndex(0)
        .setState(INSTANCE_STATE_PENDING).build(), "gone", NOW).instance();

    Transition again = InstanceMachine.notStarted(starting, "node gone left the cluster");

    assertThat(again.instance().getState()).isEqualTo(INSTANCE_STATE_PENDING);
    assertThat(again.instance().getRestarts()).isZero();
    assertThat(again.instance().getLastError()).isEqualTo("node gone left the cluster");
    assertThat(InstanceMachine.notStarted(runningOn("a"), "x").result()).isEqualTo(NOOP);
  }
}
