package io.snowfox.spawner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.DeleteJobOutput;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.ListProcesses;
import io.snowfox.protocol.v1.LogChunk;
import io.snowfox.protocol.v1.LogStream;
import io.snowfox.protocol.v1.ProcessExited;
import io.snowfox.protocol.v1.ProcessInfo;
import io.snowfox.protocol.v1.ProcessStarted;
import io.snowfox.protocol.v1.ReadLogs;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.SignalProcess;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StopProcess;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.cluster.LeaderEpoch;
import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.logging.CorrelationTurboFilter;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.security.RecordSigner;
import io.snowfox.runtime.security.TlsDir;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * A spawner on a local (unclustered) Vert.x, starting real OS processes, driven over the bus by
 * a fake manager that records the exits reported to it. One Hazelcast member on loopback, shared
 * by the tests, holds the leader record the spawner follows.
 */
class SpawnerServiceIT {

  private static final String NODE = "test";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Endpoint SPAWNER = Endpoint.newBuilder().setNodeId(NODE)
      .setRole(Role.ROLE_SPAWNER).build();
  private static final Endpoint MANAGER = Endpoint.newBuilder().setNodeId(NODE)
      .setRole(Role.ROLE_MANAGER).build();

  private static HazelcastInstance hazelcast;
  private static IMap<String, String> leaderMap;

  @TempDir
  Path dataDir;

  private RecordSigner signer;
  private Vertx vertx;
  private SpawnerService service;
  private Bus manager;
  private final BlockingQueue<ProcessExited> exits = new LinkedBlockingQueue<>();
  /** For each reported run, what of its process group still ran when the report arrived. */
  private final Map<String, List<String>> survivorsAtReport = new ConcurrentHashMap<>();
  /** Exit reports the fake manager refuses before it acknowledges one. */
  private final AtomicInteger refuseExits = new AtomicInteger();
  /** Process groups this test started; killed after each test whatever happened. */
  private final Set<Long> groups = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void startHazelcast() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ClusterOptions cluster = new ClusterOptions();
    new CommandLine(cluster).parseArgs("--node-id", NODE, "--cluster-port",
        Integer.toString(port), "--cluster-name", "spawner-it-" + UUID.randomUUID());
    hazelcast = Hazelcast.newHazelcastInstance(
        Clusters.hazelcastConfig(cluster, "spawner-it", false));
    leaderMap = hazelcast.getMap(Addresses.LEADER_MAP);
  }

  @AfterAll
  static void stopHazelcast() {
    hazelcast.shutdown();
  }

  @BeforeEach
  void startSpawnerAndFakeManager() throws Exception {
    leaderMap.clear();
    byte[] key = new byte[32];
    ThreadLocalRandom.current().nextBytes(key);
    TlsDir tls = TlsDir.under(dataDir);
    Files.createDirectories(tls.path());
    Files.writeString(tls.clusterKey(), Base64.getEncoder().encodeToString(key));
    signer = RecordSigner.of(tls);
    startSpawnerAndFakeManagerOnce();
  }

  /** A spawner on {@link #dataDir}, as a restarted one would be, and a fake manager. */
  private void startSpawnerAndFakeManagerOnce() throws Exception {
    Correlation.init();
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());

    ClusterOptions cluster = new ClusterOptions();
    new CommandLine(cluster).parseArgs("--node-id", NODE);
    Bus bus = new Bus(vertx, SPAWNER);
    service = new SpawnerService(new RoleContext(vertx, hazelcast, bus, cluster, dataDir),
        new JobIdentityOptions().users());
    Routes routes = bus.routes(Addresses.spawner(NODE));
    service.register(routes);
    await(routes.listen());
    await(service.start());

    manager = new Bus(vertx, MANAGER);
    await(manager.routes(Addresses.JOBS).on(ProcessExited.class, (exit, envelope) -> {
      if (refuseExits.getAndDecrement() > 0) {
        return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
            "not ready"));
      }
      // Scanning /proc blocks the event loop briefly; it must see the group at this very moment.
      survivorsAtReport.put(exit.getInstanceId(), Procs.commandsOf(exit.getPid()));
      exits.add(exit);
      return Future.succeededFuture(Ack.getDefaultInstance());
    }).listen());
  }

  @AfterEach
  void killEverythingAndClose() throws Exception {
    for (long group : groups) {
      ProcessGroups.signalOnce(group, "KILL");
    }
    stopSpawnerAndFakeManager();
  }

  private void stopSpawnerAndFakeManager() throws Exception {
    try {
      await(service.stopAll());
    } finally {
      await(vertx.close());
    }
  }

  // ---- idempotent start

  @Test
  void aRepeatedStartAnswersTheRunAlreadyStarted() throws Exception {
    String marker = uniqueSeconds();
    StartProcess request = start("job-1", "/bin/sleep", marker);

    ProcessStarted first = startProcess(request);
    ProcessStarted again = startProcess(request);

    assertThat(again.getPid()).isEqualTo(first.getPid());
    assertThat(again.getStartedAtMicros()).isEqualTo(first.getStartedAtMicros());
    assertThat(ProcessHandle.of(first.getPid())).hasValueSatisfying(
        handle -> assertThat(handle.isAlive()).isTrue());
    // Read until stable: a process exec'ing (setsid into its command) shows no command line
    // for an instant, so one look could count it as none.
    eventually("every run has become its command, " + 1 + " in all",
        () -> Procs.processesStarting("/bin/sleep", marker) == 0
            && Procs.processesRunning("/bin/sleep", marker) == 1);
    assertThat(listProcesses()).singleElement().satisfies(info -> {
      assertThat(info.getInstanceId()).isEqualTo(request.getInstanceId());
      assertThat(info.getPid()).isEqualTo(first.getPid());
      assertThat(info.getRunning()).isTrue();
    });
  }

  @Test
  void twoStartsAtOnceStartOneProcess() throws Exception {
    String marker = uniqueSeconds();
    StartProcess request = start("job-1", "/bin/sleep", marker);

    Future<ProcessStarted> first = ask(request);
    Future<ProcessStarted> second = ask(request);
    long pid = track(await(first)).getPid();

    assertThat(await(second).getPid()).isEqualTo(pid);
    // Read until stable: a process exec'ing (setsid into its command) shows no command line
    // for an instant, so one look could count it as none.
    eventually("every run has become its command, " + 1 + " in all",
        () -> Procs.processesStarting("/bin/sleep", marker) == 0
            && Procs.processesRunning("/bin/sleep", marker) == 1);
    assertThat(listProcesses()).extracting(ProcessInfo::getPid).containsExactly(pid);
  }

  @Test
  void manyDifferentStartsAtOnceAllStart() throws Exception {
    String marker = uniqueSeconds();
    List<Future<ProcessStarted>> answers = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      answers.add(ask(start("job-" + i, "/bin/sleep", marker)));
    }

    Set<Long> pids = new java.util.HashSet<>();
    for (Future<ProcessStarted> answer : answers) {
      pids.add(track(await(answer)).getPid());
    }

    assertThat(pids).hasSize(40);
    // Read until stable: a process exec'ing (setsid into its command) shows no command line
    // for an instant, so one look could count it as none.
    eventually("every run has become its command, " + 40 + " in all",
        () -> Procs.processesStarting("/bin/sleep", marker) == 0
            && Procs.processesRunning("/bin/sleep", marker) == 40);
    assertThat(listProcesses()).hasSize(40);
  }

  // ---- exits and output

  @Test
  void anEndedRunIsReportedAndItsOutputCanBeRead() throws Exception {
    StartProcess request = start("job-1", "/bin/sh", "-c", "echo out; echo err >&2");

    ProcessStarted started = startProcess(request);
    ProcessExited exit = awaitExit(request);

    assertThat(exit.getExitCode()).isZero();
    assertThat(exit.getSignal()).isZero();
    assertThat(exit.getError()).isEmpty();
    assertThat(exit.getPid()).isEqualTo(started.getPid());
    assertThat(exit.getNodeId()).isEqualTo(NODE);
    assertThat(exit.getJobId()).isEqualTo("job-1");
    assertThat(readLogs("job-1", LogStream.LOG_STREAM_STDOUT).getData().toString(UTF_8))
        .isEqualTo("out\n");
    LogChunk stderr = readLogs("job-1", LogStream.LOG_STREAM_STDERR);
    assertThat(stderr.getData().toString(UTF_8)).isEqualTo("err\n");
    assertThat(stderr.getRunning()).isFalse();
  }

  @Test
  void aFailingRunReportsItsExitCode() throws Exception {
    StartProcess request = start("job-1", "/bin/sh", "-c", "exit 3");

    startProcess(request);

    assertThat(awaitExit(request).getExitCode()).isEqualTo(3);
  }

  @Test
  void aReportedRunIsForgotten() throws Exception {
    StartProcess request = start("job-1", "/bin/sh", "-c", "exit 0");

    startProcess(request);
    awaitExit(request);

    eventually("the run is no longer listed", () -> listProcessesUnchecked().isEmpty());
    assertThat(dataDir.resolve("spawner/runs/" + request.getInstanceId() + ".json"))
        .doesNotExist();
  }

  @Test
  void anUnacknowledgedExitIsSentAgain() throws Exception {
    refuseExits.set(1);
    StartProcess request = start("job-1", "/bin/sh", "-c", "exit 0");

    startProcess(request);

    assertThat(awaitExit(request).getInstanceId()).isEqualTo(request.getInstanceId());
    assertThat(refuseExits.get()).isNegative();
  }

  @Test
  void aLeaderKilledBySignalNineIsReportedAsSuch() throws Exception {
    StartProcess request = start("job-1", "/bin/sleep", "300");
    ProcessStarted started = startProcess(request);

    ProcessHandle.of(started.getPid()).orElseThrow().destroyForcibly();

    ProcessExited exit = awaitExit(request);
    assertThat(exit.getSignal()).isEqualTo(9);
    assertThat(exit.getExitCode()).isEqualTo(-1);
  }

  @Test
  void aRunIsToldWhoItIsAndItsJobCannotSayOtherwise() throws Exception {
    StartProcess request = start("job-env", "/bin/sh", "-c",
        "echo \"$SNOWFOX_JOB_ID $SNOWFOX_INSTANCE $SNOWFOX_RUN_ID\"").toBuilder()
        .setInstanceIndex(2).setInstanceId("job-env.2.1")
        .putEnvironment("SNOWFOX_RUN_ID", "job-other.0.0").build();

    startProcess(request);
    awaitExit(request);

    assertThat(readLogs("job-env", 2, LogStream.LOG_STREAM_STDOUT).getData().toString(UTF_8))
        .isEqualTo("job-env 2 job-env.2.1\n");
  }

  // ---- stop and signal

  @Test
  void stoppingARunEndsItsWholeProcessGroup() throws Exception {
    StartProcess request = start("job-1", "/bin/sh", "-c", "sleep 300 & sleep 300 & wait");
    long pgid = startProcess(request).getPid();
    eventually("the shell and both sleeps run", () -> Procs.commandsOf(pgid).stream().sorted()
        .toList().equals(List.of("/bin/sh -c sleep 300 & sleep 300 & wait", "sleep 300",
            "sleep 300")));

    Ack ack = await(manager.ask(SPAWNER, StopProcess.newBuilder()
        .setInstanceId(request.getInstanceId()).setKillTimeoutMillis(5_000).build(),
        Ack.class, TIMEOUT));

    assertThat(ack.getNote()).isEqualTo("stopping");
    ProcessExited exit = awaitExit(request);
    assertThat(exit.getSignal()).isEqualTo(15);
    assertThat(survivorsAtReport.get(request.getInstanceId())).as("survivors at the report")
        .isEmpty();
    eventually("no process of group " + pgid + " is left", () -> Procs.members(pgid).isEmpty());
  }

  @Test
  void theRestOfTheGroupDiesWithItsLeader() throws Exception {
    StartProcess request = start("job-1", "/bin/sh", "-c",
        "(trap '' TERM; exec sleep 300) & exec sleep 300");
    long pgid = startProcess(request).getPid();
    eventually("both sleeps run", () -> Procs.commandsOf(pgid).equals(List.of("sleep 300",
        "sleep 300")));

    ProcessHandle.of(pgid).orElseThrow().destroy();

    assertThat(awaitExit(request).getSignal()).isEqualTo(15);
    assertThat(survivorsAtReport.get(request.getInstanceId())).as("survivors at the report")
        .isEmpty();
    eventually("no process of group " + pgid + " is left", () -> Procs.members(pgid).isEmpty());
  }

  @Test
  void aSignalReachesTheRunAndIsReported() throws Exception {
    StartProcess request = start("job-1", "/bin/sleep", "300");
    startProcess(request);

    Ack ack = await(manager.ask(SPAWNER, SignalProcess.newBuilder()
        .setInstanceId(request.getInstanceId()).setSignal("HUP").build(), Ack.class, TIMEOUT));

    assertThat(ack.getNote()).isEqualTo("sent");
    assertThat(awaitExit(request).getSignal()).isEqualTo(1);
  }

  @Test
  void signalsToUnknownRunsOrWithBadNamesAreRefused() throws Exception {
    StartProcess request = start("job-1", "/bin/sleep", "300");
    startProcess(request);

    StatusException unknown = failure(manager.ask(SPAWNER, SignalProcess.newBuilder()
        .setInstanceId("job-9.0.0").setSignal("TERM").build(), Ack.class, TIMEOUT));
    StatusException badName = failure(manager.ask(SPAWNER, SignalProcess.newBuilder()
        .setInstanceId(request.getInstanceId()).setSignal("TERM; reboot").build(), Ack.class,
        TIMEOUT));

    assertThat(unknown.code()).isEqualTo(StatusCode.STATUS_CODE_NOT_FOUND);
    assertThat(unknown.getMessage()).contains("'job-9.0.0'");
    assertThat(badName.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(listProcesses()).singleElement()
        .satisfies(info -> assertThat(info.getRunning()).isTrue());
  }

  // ---- refusals

  @Test
  void aMissingCommandIsRefusedAndStartsNothing() throws Exception {
    StartProcess request = start("job-1", "no-such-command-here");

    StatusException refused = failure(ask(request));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refused.getMessage()).contains("'no-such-command-here'");
    assertThat(listProcesses()).isEmpty();
    assertThat(exits.poll(500, TimeUnit.MILLISECONDS)).as("an exit report").isNull();
  }

  @Test
  void aStartWithoutIdsIsRefused() throws Exception {
    StatusException refused = failure(ask(StartProcess.newBuilder()
        .setCommand("/bin/true").build()));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(listProcesses()).isEmpty();
  }

  @Test
  void startsWhoseIdsNamePathsOutsideTheDataDirAreRefusedAndWriteNothing() throws Exception {
    Path outside = dataDir.resolveSibling(dataDir.getFileName() + "-outside");
    List<StartProcess> escapes = List.of(
        start("../" + outside.getFileName(), "/bin/true"),
        start("../../escaped", "/bin/true"),
        start(outside.toString(), "/bin/true"),
        start("job-1", "/bin/true").toBuilder().setInstanceId("../../escaped.0.0").build(),
        start("job-1", "/bin/true").toBuilder().setInstanceId(outside + "/x.0.0").build(),
        start("job-1", "/bin/true").toBuilder().setInstanceId("job-2.0.0").build(),
        start("job-1", "/bin/true").toBuilder().setInstanceIndex(-1)
            .setInstanceId("job-1.-1.0").build());

    for (StartProcess escape : escapes) {
      StatusException refused = failure(ask(escape));

      assertThat(refused.code()).as("%s of %s", escape.getInstanceId(), escape.getJobId())
          .isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    }
    assertThat(listProcesses()).isEmpty();
    assertThat(outside).doesNotExist();
    assertThat(dataDir.getParent().resolve("escaped")).doesNotExist();
    assertThat(Path.of("/escaped.0.0.json")).doesNotExist();
    assertThat(dataDir.resolve("jobs")).satisfiesAnyOf(
        jobs -> assertThat(jobs).doesNotExist(), jobs -> assertThat(jobs).isEmptyDirectory());
  }

  @Test
  void everyHandlerRefusesIdsThatAreNotIds() throws Exception {
    List<Future<?>> asks = List.of(
        manager.ask(SPAWNER, StopProcess.newBuilder().setInstanceId("../x.0.0").build(),
            Ack.class, TIMEOUT),
        manager.ask(SPAWNER, SignalProcess.newBuilder().setInstanceId("/x.0.0")
            .setSignal("TERM").build(), Ack.class, TIMEOUT),
        manager.ask(SPAWNER, ReadLogs.newBuilder().setJobId("../spawner").build(),
            LogChunk.class, TIMEOUT),
        manager.ask(SPAWNER, ReadLogs.newBuilder().setJobId("job-1").setInstanceIndex(-1)
            .build(), LogChunk.class, TIMEOUT),
        manager.ask(SPAWNER, DeleteJobOutput.newBuilder().setJobId("/").build(), Ack.class,
            TIMEOUT));

    for (Future<?> asked : asks) {
      assertThat(failure(asked).code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    }
  }

  @Test
  void aStartAsRootIsForbiddenWhoeverSendsIt() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.snowfox.runtime.identity.Accounts.runningAsRoot(), "a root spawner");
    StartProcess request = start("job-1", "/usr/bin/id", "-u").toBuilder().setUser("root")
        .build();

    StatusException refused = failure(ask(request));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    assertThat(refused.getMessage()).contains("--allow-root-jobs");
    assertThat(listProcesses()).isEmpty();
    assertThat(dataDir.resolve("jobs").resolve("job-1")).doesNotExist();
  }

  @Test
  void aStartInRootsGroupIsForbiddenWhoeverSendsIt() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        io.snowfox.runtime.identity.Accounts.runningAsRoot(), "a root spawner");
    StartProcess request = start("job-1", "/usr/bin/id", "-g").toBuilder().setGroup("root")
        .build();

    StatusException refused = failure(ask(request));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    assertThat(refused.getMessage()).contains("gid 0").contains("--allow-root-jobs");
    assertThat(listProcesses()).isEmpty();
  }

  // ---- fencing off managers that no longer lead

  @Test
  void aStartOfAnOlderLeaderIsRefusedAndStartsNothing() throws Exception {
    CapturedLogs logs = CapturedLogs.capture();
    StartProcess newer = start("job-new", "/bin/sleep", uniqueSeconds()).toBuilder()
        .setLeaderEpoch(5).build();
    StartProcess older = start("job-old", "/bin/sleep", uniqueSeconds()).toBuilder()
        .setLeaderEpoch(4).build();
    StatusException refused;
    try {
      long pid = startProcess(newer).getPid();
      refused = failure(ask(older));

      assertThat(startProcess(newer).getPid()).as("the same start sent again").isEqualTo(pid);
    } finally {
      logs.release();
    }

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_CONFLICT);
    assertThat(refused.getMessage()).isEqualTo("fenced: StartProcess of epoch 4 refused, the "
        + "newest leader epoch is 5 (node " + NODE + ")");
    assertThat(listProcesses()).extracting(ProcessInfo::getInstanceId)
        .containsExactly(newer.getInstanceId());
    assertThat(dataDir.resolve("jobs").resolve("job-old")).doesNotExist();
    assertThat(logs.lines(Level.WARN, refused.getMessage())).as("warnings of the refusal")
        .singleElement().satisfies(event -> assertThat(event.getMDCPropertyMap())
            .containsEntry(CorrelationTurboFilter.CORRELATION_ID, refused.correlationId()));
    assertThat(logs.lines(Level.INFO, "leader epoch raised from 0 to 5")).singleElement()
        .satisfies(event -> assertThat(event.getMDCPropertyMap())
            .as("the MDC of the start that raised it")
            .containsEntry(CorrelationTurboFilter.KIND, "StartProcess")
            .containsKey(CorrelationTurboFilter.CORRELATION_ID));
  }

  @Test
  void aStopOfAnOlderLeaderIsRefusedAndTheRunGoesOn() throws Exception {
    StartProcess request = start("job-1", "/bin/sleep", "300").toBuilder().setLeaderEpoch(5)
        .build();
    long pid = startProcess(request).getPid();

    StatusException refused = failure(manager.ask(SPAWNER, StopProcess.newBuilder()
        .setInstanceId(request.getInstanceId()).setLeaderEpoch(4).build(), Ack.class, TIMEOUT));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_CONFLICT);
    assertThat(refused.getMessage()).startsWith("fenced: StopProcess of epoch 4 refused");
    assertThat(exits.poll(300, TimeUnit.MILLISECONDS)).as("an exit report").isNull();
    assertThat(ProcessHandle.of(pid)).hasValueSatisfying(
        handle -> assertThat(handle.isAlive()).isTrue());
    await(manager.ask(SPAWNER, StopProcess.newBuilder().setInstanceId(request.getInstanceId())
        .setLeaderEpoch(5).build(), Ack.class, TIMEOUT));
    assertThat(awaitExit(request).getSignal()).as("stopped by its own leader").isEqualTo(15);
  }

  @Test
  void aRestartedSpawnerStillRefusesOlderLeaders() throws Exception {
    startProcess(start("job-1", "/bin/true").toBuilder().setLeaderEpoch(5).build());

    stopSpawnerAndFakeManager();
    startSpawnerAndFakeManagerOnce();

    StatusException refused = failure(ask(start("job-2", "/bin/true").toBuilder()
        .setLeaderEpoch(4).build()));
    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_CONFLICT);
    assertThat(refused.getMessage()).endsWith("the newest leader epoch is 5 (node " + NODE + ")");
    assertThat(failure(ask(start("job-3", "/bin/true"))).getMessage())
        .as("a start that sets no epoch").contains("epoch 0 (none set) refused");
    // The run of job-1 may still be listed: it ended, and is reported again after the restart.
    assertThat(listProcesses()).extracting(ProcessInfo::getJobId)
        .doesNotContain("job-2", "job-3");
  }

  @Test
  void aSignedLeaderRecordRaisesTheFloorAndAForgedOneIsIgnored() throws Exception {
    byte[] otherKey = new byte[32];
    ThreadLocalRandom.current().nextBytes(otherKey);
    leaderMap.set(LeaderEpoch.KEY, new LeaderEpoch(100, "x").sign(new RecordSigner(otherKey)));
    leaderMap.set(LeaderEpoch.KEY, new LeaderEpoch(7, "b").sign(signer));

    // A stop of a run that is not there changes nothing, whether it passes or not.
    eventually("a stop of epoch 6 is refused", () -> failureCode(manager.ask(SPAWNER,
        StopProcess.newBuilder().setInstanceId("job-1.0.0").setLeaderEpoch(6).build(),
        Ack.class, TIMEOUT)) == StatusCode.STATUS_CODE_CONFLICT);

    StatusException refused = failure(ask(start("job-1", "/bin/true").toBuilder()
        .setLeaderEpoch(6).build()));
    assertThat(refused.getMessage()).endsWith("the newest leader epoch is 7 (node b)");
    assertThat(listProcesses()).isEmpty();
    startProcess(start("job-1", "/bin/true").toBuilder().setLeaderEpoch(7).build());
  }

  @Test
  void aLeaderRecordWrittenWhileTheSpawnerWasDownIsReadAtStart() throws Exception {
    stopSpawnerAndFakeManager();
    leaderMap.set(LeaderEpoch.KEY, new LeaderEpoch(3, "b").sign(signer));
    startSpawnerAndFakeManagerOnce();

    StatusException refused = failure(manager.ask(SPAWNER, StopProcess.newBuilder()
        .setInstanceId("job-1.0.0").setLeaderEpoch(2).build(), Ack.class, TIMEOUT));

    assertThat(refused.getMessage()).isEqualTo("fenced: StopProcess of epoch 2 refused, the "
        + "newest leader epoch is 3 (node b)");
  }

  // ---- output of removed jobs

  @Test
  void theOutputOfAnEndedJobIsDeletedOnRequest() throws Exception {
    StartProcess request = start("job-gone", "/bin/echo", "bye");
    startProcess(request);
    awaitExit(request);
    Path output = dataDir.resolve("jobs").resolve("job-gone");
    assertThat(output.resolve("0").resolve("stdout.log")).hasContent("bye");

    Ack deleted = await(manager.ask(SPAWNER, DeleteJobOutput.newBuilder().setJobId("job-gone")
        .build(), Ack.class, TIMEOUT));

    assertThat(deleted.getNote()).isEqualTo("2 file(s) deleted");
    assertThat(output).doesNotExist();
    assertThat(dataDir.resolve("jobs")).isDirectory();
  }

  @Test
  void theOutputOfARunningJobIsKept() throws Exception {
    StartProcess request = start("job-busy", "/bin/sleep", uniqueSeconds());
    startProcess(request);

    StatusException refused = failure(manager.ask(SPAWNER, DeleteJobOutput.newBuilder()
        .setJobId("job-busy").build(), Ack.class, TIMEOUT));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_CONFLICT);
    assertThat(refused.getMessage()).contains("job-busy still runs");
    assertThat(dataDir.resolve("jobs").resolve("job-busy").resolve("0")).isDirectory();
  }

  @Test
  void aDeleteNamingAPathOutsideTheOutputIsRefused() throws Exception {
    Path outside = Files.createDirectories(dataDir.resolve("keep"));
    Files.writeString(outside.resolve("precious"), "x");
    for (String jobId : List.of("", "..", "../keep", ".")) {
      StatusException refused = failure(manager.ask(SPAWNER, DeleteJobOutput.newBuilder()
          .setJobId(jobId).build(), Ack.class, TIMEOUT));
      assertThat(refused.code()).as(jobId).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    }
    assertThat(outside.resolve("precious")).hasContent("x");
  }

  // ---- helpers

  private static StartProcess start(String jobId, String command, String... args) {
    return StartProcess.newBuilder()
        .setInstanceId(jobId + ".0.0")
        .setJobId(jobId)
        .setInstanceIndex(0)
        .setCommand(command)
        .addAllArgs(List.of(args))
        .build();
  }

  /** A sleep duration no other process on this machine uses, to find the one we started. */
  private static String uniqueSeconds() {
    return "300." + ThreadLocalRandom.current().nextInt(100_000_000, 999_999_999);
  }

  private Future<ProcessStarted> ask(StartProcess request) {
    return manager.ask(SPAWNER, request, ProcessStarted.class, TIMEOUT);
  }

  private ProcessStarted startProcess(StartProcess request) throws Exception {
    return track(await(ask(request)));
  }

  private ProcessStarted track(ProcessStarted started) {
    groups.add(started.getPid());
    return started;
  }

  private List<ProcessInfo> listProcesses() throws Exception {
    return await(manager.askEach(SPAWNER, ListProcesses.getDefaultInstance(), ProcessInfo.class,
        TIMEOUT));
  }

  private List<ProcessInfo> listProcessesUnchecked() {
    try {
      return listProcesses();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private LogChunk readLogs(String jobId, LogStream stream) throws Exception {
    return readLogs(jobId, 0, stream);
  }

  private LogChunk readLogs(String jobId, int index, LogStream stream) throws Exception {
    return await(manager.ask(SPAWNER, ReadLogs.newBuilder().setJobId(jobId)
        .setInstanceIndex(index).setStream(stream).build(), LogChunk.class, TIMEOUT));
  }

  private ProcessExited awaitExit(StartProcess request) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      ProcessExited exit = exits.poll(100, TimeUnit.MILLISECONDS);
      if (exit != null && exit.getInstanceId().equals(request.getInstanceId())) {
        return exit;
      }
    }
    throw new AssertionError("no exit of " + request.getInstanceId() + " was reported");
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
  }

  private static StatusException failure(Future<?> future) {
    Throwable thrown = catchThrowable(() -> await(future));
    assertThat(thrown).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(StatusException.class);
    return (StatusException) thrown.getCause();
  }

  /** The status code of the answer: OK, or the code of the failure. */
  private static StatusCode failureCode(Future<?> future) {
    try {
      await(future);
      return StatusCode.STATUS_CODE_OK;
    } catch (Exception e) {
      return e.getCause() instanceof StatusException status ? status.code()
          : StatusCode.STATUS_CODE_INTERNAL;
    }
  }

  /**
   * What SnowFox logs while it is started, each line with its MDC, as the correlation filter of
   * a running process sets it.
   */
  private static final class CapturedLogs extends ListAppender<ILoggingEvent> {

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger snowfox = logging.getLogger("io.snowfox");
    private final CorrelationTurboFilter filter = new CorrelationTurboFilter();

    static CapturedLogs capture() {
      CapturedLogs logs = new CapturedLogs();
      logs.filter.start();
      logs.logging.addTurboFilter(logs.filter);
      logs.setContext(logs.logging);
      logs.start();
      logs.snowfox.addAppender(logs);
      logs.snowfox.setLevel(Level.INFO);
      logs.snowfox.setAdditive(false);
      return logs;
    }

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing(); // the MDC of the thread that logged it, now
      super.append(event);
    }

    void release() {
      snowfox.detachAppender(this);
      snowfox.setLevel(null);
      snowfox.setAdditive(true);
      logging.getTurboFilterList().remove(filter);
      filter.stop();
      stop();
    }

    /** The lines of {@code level} that contain {@code text}. */
    List<ILoggingEvent> lines(Level level, String text) {
      return List.copyOf(list).stream().filter(event -> event.getLevel() == level
          && event.getFormattedMessage().contains(text)).toList();
    }
  }

  private static void eventually(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
