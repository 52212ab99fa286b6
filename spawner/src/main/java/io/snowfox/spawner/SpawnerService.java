package io.snowfox.spawner;

import io.snowfox.protocol.Micros;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.JobIds;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.DeleteJobOutput;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.ListProcesses;
import io.snowfox.protocol.v1.LogChunk;
import io.snowfox.protocol.v1.ProcessExited;
import io.snowfox.protocol.v1.ProcessInfo;
import io.snowfox.protocol.v1.ProcessStarted;
import io.snowfox.protocol.v1.ReadLogs;
import io.snowfox.protocol.v1.SignalProcess;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StopProcess;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.identity.Accounts;
import io.snowfox.runtime.identity.JobUsers;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the spawner does: start runs (idempotently on the run id), stop and signal their process
 * groups, report their exits to the manager until acknowledged, list them, and serve their output.
 * Every id a request carries is checked ({@link JobIds}) before it is used, whoever sent it: ids
 * name files under the data dir. Who each run is, is {@link JobUsers}'s to say. Starts and stops
 * sent by a manager that no longer leads are refused ({@link LeaderFence}).
 * Process creation, signals and file I/O run on worker threads.
 */
final class SpawnerService {

  /** Exit reports not acknowledged are sent again after this long. */
  static final Duration EXIT_REPORT_RETRY = Duration.ofSeconds(2);
  /** How often output files are checked for rotation. */
  static final Duration ROTATION_INTERVAL = Duration.ofSeconds(5);
  /** Ended runs remembered for idempotency of late StartProcess requests. */
  static final int FINISHED_KEPT = 10_000;
  /** Time runs get after SIGTERM when the spawner itself stops, before SIGKILL. */
  static final Duration STOP_ALL_GRACE = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(SpawnerService.class);

  private final RoleContext context;
  private final Vertx vertx;
  private final OutputFiles files;
  private final RunRecords records;
  private final RunLauncher launcher;
  private final ProcessGroups groups = new ProcessGroups();
  private final LeaderFence fence;
  private final boolean root;
  private final JobUsers users;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Map<String, Future<Run>> starting = new ConcurrentHashMap<>();
  /** Runs that ended and were reported, so a late re-sent StartProcess never runs them again. */
  private final Map<String, ProcessStarted> finished = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProcessStarted> eldest) {
          return size() > FINISHED_KEPT;
        }
      });
  /** Completes once the runs of a previous spawner are adopted; starts wait for it. */
  private final Promise<Void> adopted = Promise.promise();

  /** @param users who jobs run as, and whether as root (the check that holds on this node) */
  SpawnerService(RoleContext context, JobUsers users) {
    this.context = context;
    this.vertx = context.vertx();
    this.files = new OutputFiles(context.dataDir());
    this.records = new RunRecords(context.dataDir());
    this.root = Accounts.runningAsRoot();
    this.users = users;
    this.launcher = new RunLauncher(files, root, users);
    this.fence = new LeaderFence(vertx, context.dataDir());
  }

  /** Adds the spawner's handlers to its address. */
  void register(Routes routes) {
    routes.on(StartProcess.class, this::start)
        .on(StopProcess.class, this::stop)
        .on(SignalProcess.class, this::signal)
        .onEach(ListProcesses.class, this::list)
        .on(ReadLogs.class, this::readLogs)
        .on(DeleteJobOutput.class, this::deleteOutput);
  }

  /**
   * Learns the newest leader epoch, adopts the runs a previous spawner left running, and starts
   * rotating output. Starts and stops wait for it.
   */
  Future<Void> start() {
    if (root) {
      log.info("jobs that name no user run as '{}'; jobs as root (uid 0) are {}", users.jobUser(),
          users.allowRoot() ? "allowed (--allow-root-jobs)" : "refused");
    } else {
      log.info("not running as root: jobs run as this spawner's user; jobs naming a user are "
          + "refused");
    }
    return vertx.executeBlocking(() -> {
          fence.start(context.hazelcast(), context.signer());
          return records.load();
        })
        .onSuccess(found -> {
          found.forEach(this::adopt);
          vertx.setPeriodic(ROTATION_INTERVAL.toMillis(), id -> rotate());
        })
        .<Void>mapEmpty()
        .onComplete(adopted);
  }

  /**
   * Stops following the leader record, then every run (SIGTERM to each group, SIGKILL after a
   * grace): the node is stopping.
   */
  Future<Void> stopAll() {
    return vertx.executeBlocking(() -> {
      fence.stop();
      return null;
    }, false).compose(v -> stopRuns());
  }

  private Future<Void> stopRuns() {
    List<Run> running = runs.values().stream().filter(r -> r.running).toList();
    if (running.isEmpty()) {
      groups.close();
      return Future.succeededFuture();
    }
    log.info("stopping {} run(s)", running.size());
    return vertx.executeBlocking(() -> {
      running.forEach(run -> groups.signal(run.pid, "TERM"));
      long deadline = System.nanoTime() + STOP_ALL_GRACE.toNanos();
      for (Run run : running) {
        var handle = ProcessHandle.of(run.pid);
        while (handle.isPresent() && handle.get().isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        groups.signal(run.pid, "KILL");
        records.delete(run.runId);
      }
      groups.close();
      return null;
    });
  }

  private Future<ProcessStarted> start(StartProcess request, Envelope envelope) {
    // Ids name the run's record and output files: refused before anything touches a path.
    JobIds.checkRunOf(request.getInstanceId(), request.getJobId(), request.getInstanceIndex());
    // Until the previous spawner's runs are adopted, a re-sent start could double one of them;
    // until the floor is loaded, an old leader's start could pass.
    return adopted.future()
        .compose(v -> fence.admit("StartProcess", request.getLeaderEpoch(), envelope))
        .compose(v -> startOnce(request, envelope));
  }

  /**
   * A run moves from {@code starting} to {@code runs} to {@code finished}, each time entering the
   * next map before it leaves the previous one; exits arrive on other threads. Looking in the
   * same order, a start never misses a run that is moving on and never launches it twice.
   */
  private Future<ProcessStarted> startOnce(StartProcess request, Envelope envelope) {
    String runId = request.getInstanceId();
    Future<Run> launching = starting.get(runId);
    Run known = launching == null ? runs.get(runId) : null;
    if (known != null) {
      log.info("run {} already started (pid {}); answering again", runId, known.pid);
      return Future.succeededFuture(started(known));
    }
    ProcessStarted ended = launching == null ? finished.get(runId) : null;
    if (ended != null) {
      log.info("run {} already ran and ended; not starting it again", runId);
      return Future.succeededFuture(ended);
    }
    if (launching == null) {
      // Registered before the launch begins: a launch can complete before launch() returns (its
      // worker may finish first), and must then find its own entry to remove.
      Promise<Run> launched = Promise.promise();
      starting.put(runId, launched.future());
      launching = launched.future();
      launch(request, envelope).onComplete(result -> {
        starting.remove(runId);
        launched.handle(result);
      });
    }
    return launching.map(this::started);
  }

  private Future<Run> launch(StartProcess request, Envelope envelope) {
    String runId = request.getInstanceId();
    return vertx.executeBlocking(() -> {
      Process process;
      try {
        process = launcher.launch(request);
      } catch (java.io.IOException e) {
        String why = String.valueOf(e.getMessage());
        if (why.contains("error=2,") || why.contains("error=13,") || why.contains("error=8,")
            || why.contains("null character")) {
          throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
              "cannot run " + request.getCommand(), why, envelope.getCorrelationId(), e);
        }
        // Otherwise a failing fork (EAGAIN, no file descriptors) is the machine's state, not
        // the request's: UNAVAILABLE makes the manager send it again.
        throw new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
            "could not start the process now", why, envelope.getCorrelationId(), e);
      }
      Run run = new Run(runId, request.getJobId(), request.getInstanceIndex(), process.pid(),
          Instant.now(), request.getCommand(), false, envelope.getCorrelationId());
      try {
        records.save(run);
      } catch (RuntimeException e) {
        // A run this spawner cannot find again after a restart must not go on unwatched.
        groups.signal(run.pid, "KILL");
        if (e instanceof StatusException refused) {
          throw refused;
        }
        throw new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
            "could not record the run", String.valueOf(e.getMessage()),
            envelope.getCorrelationId(), e);
      }
      return new Object[] {run, process};
    }, false).map(pair -> {
      Run run = (Run) pair[0];
      Process process = (Process) pair[1];
      Correlation.Scope scope = Correlation.current();
      run.startSpanId = scope == null ? null : scope.spanId();
      runs.put(runId, run);
      log.info("started run {} of job {}: pid {} ({})", runId, run.jobId, run.pid,
          request.getCommand());
      process.onExit().thenAccept(p -> vertx.runOnContext(v -> exited(run, p.exitValue(), "")));
      return run;
    }).onFailure(failure -> log.warn("could not start run {}: {}", runId,
        failure.getMessage()));
  }

  private ProcessStarted started(Run run) {
    return ProcessStarted.newBuilder()
        .setInstanceId(run.runId)
        .setPid(run.pid)
        .setStartedAtMicros(micros(run.startedAt))
        .setNodeId(context.nodeId())
        .setJobId(run.jobId)
        .setInstanceIndex(run.index)
        .build();
  }

  private void adopt(Run run) {
    var handle = ProcessHandle.of(run.pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().startInstant()
            .map(start -> Math.abs(Duration.between(start, run.startedAt).toSeconds()) < 5)
            .orElse(false));
    runs.put(run.runId, run);
    if (handle.isEmpty()) {
      log.warn("run {} (pid {}) ended while no spawner watched it", run.runId, run.pid);
      run.groupGone = true; // its pid may be someone else's by now: signal nothing
      exited(run, -1, "exit status unknown: the run ended while the spawner was down");
      return;
    }
    log.info("adopted run {} (pid {}) left by a previous spawner", run.runId, run.pid);
    handle.get().onExit().thenAccept(p -> vertx.runOnContext(v -> exited(run, -1,
        "exit status unknown: the spawner restarted while the run was going")));
  }

  private void exited(Run run, int exitValue, String error) {
    run.running = false;
    try {
      report(run, exitValue, error);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Vert.x is closing: the spawner is stopping (it stopped this run itself). The manager
      // learns of the end when it next checks the node's runs.
      log.info("run {} ended while the spawner stops", run.runId);
    }
  }

  private void report(Run run, int exitValue, String error) {
    boolean bySignal = exitValue > 128 && exitValue < 160;
    ProcessExited report = ProcessExited.newBuilder()
        .setInstanceId(run.runId)
        .setJobId(run.jobId)
        .setInstanceIndex(run.index)
        .setNodeId(context.nodeId())
        .setPid(run.pid)
        .setExitCode(bySignal ? -1 : exitValue)
        .setSignal(bySignal ? exitValue - 128 : 0)
        .setStartedAtMicros(micros(run.startedAt))
        .setEndedAtMicros(Envelopes.nowMicros())
        .setError(error)
        .build();
    // Nothing of an instance outlives its leader: the rest of the group is killed before the
    // exit is reported, so the manager never starts the next run beside leftovers of this one.
    vertx.executeBlocking(() -> run.groupGone || groups.signal(run.pid, "KILL"), false)
        .onComplete(killed -> Correlation.runIn(new Correlation.Scope(
            run.correlationId.isEmpty() ? Envelopes.newId() : run.correlationId,
            "ProcessExited", run.startSpanId), () -> {
              log.info("run {} (pid {}) ended: {}", run.runId, run.pid, bySignal
                  ? "signal " + (exitValue - 128)
                  : error.isEmpty() ? "exit code " + exitValue : error);
              send(run, report);
            }));
  }

  /** Sends the exit to the manager until it acknowledges it. */
  private void send(Run run, ProcessExited exit) {
    context.bus().request(Addresses.JOBS, Envelopes.request(exit).setSource(context.bus().self()),
            EXIT_REPORT_RETRY)
        .onSuccess(ack -> {
          run.exitReported = true;
          // The record goes before the run leaves the list: a run no longer listed is one a
          // restarted spawner will not find on disk and adopt again.
          vertx.executeBlocking(() -> {
            records.delete(run.runId);
            return null;
          }, false).onComplete(deleted -> {
            finished.put(run.runId, started(run));
            runs.remove(run.runId);
          });
        })
        .onFailure(failure -> {
          log.info("exit of run {} not acknowledged ({}); sending it again", run.runId,
              failure.getMessage());
          vertx.setTimer(EXIT_REPORT_RETRY.toMillis(), id -> send(run, exit));
        });
  }

  private Future<Ack> stop(StopProcess request, Envelope envelope) {
    JobIds.checkRunId(request.getInstanceId());
    return adopted.future()
        .compose(v -> fence.admit("StopProcess", request.getLeaderEpoch(), envelope))
        .compose(v -> stopAdmitted(request));
  }

  private Future<Ack> stopAdmitted(StopProcess request) {
    Future<Run> launching = starting.get(request.getInstanceId());
    if (launching != null) {
      // Still being launched: stop it as soon as it runs.
      launching.onSuccess(run -> stopAdmitted(request));
      return Future.succeededFuture(Ack.newBuilder().setNote("stopping once started").build());
    }
    Run run = runs.get(request.getInstanceId());
    if (run == null || !run.running) {
      return Future.succeededFuture(Ack.newBuilder().setNote("not running").build());
    }
    long grace = Math.max(0, request.getKillTimeoutMillis());
    log.info("stopping run {} (pid {}): SIGTERM, SIGKILL after {} ms", run.runId, run.pid, grace);
    vertx.executeBlocking(() -> groups.signal(run.pid, "TERM"), false);
    vertx.setTimer(Math.max(1, grace), id -> {
      if (!run.running) {
        return; // gone, and its group killed with it: the pid may belong to someone else now
      }
      log.info("run {} still running {} ms after SIGTERM: SIGKILL", run.runId, grace);
      vertx.executeBlocking(() -> groups.signal(run.pid, "KILL"), false);
    });
    return Future.succeededFuture(Ack.newBuilder().setNote("stopping").build());
  }

  private Future<Ack> signal(SignalProcess request, Envelope envelope) {
    JobIds.checkRunId(request.getInstanceId());
    Run run = runs.get(request.getInstanceId());
    if (run == null || !run.running) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_NOT_FOUND,
          "no running run '" + request.getInstanceId() + "' on node " + context.nodeId()));
    }
    if (!ProcessGroups.isValidSignal(request.getSignal())) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "invalid signal '" + request.getSignal() + "': use a name such as TERM or HUP"));
    }
    return vertx.executeBlocking(() -> groups.signal(run.pid, request.getSignal()), false)
        .map(sent -> Ack.newBuilder().setNote(sent ? "sent" : "no process left").build());
  }

  private Future<List<? extends com.google.protobuf.Message>> list(ListProcesses request,
      Envelope envelope) {
    List<ProcessInfo> infos = new ArrayList<>();
    for (Run run : runs.values()) {
      infos.add(ProcessInfo.newBuilder()
          .setInstanceId(run.runId)
          .setJobId(run.jobId)
          .setInstanceIndex(run.index)
          .setPid(run.pid)
          .setRunning(run.running)
          .setStartedAtMicros(micros(run.startedAt))
          .setCommand(run.command)
          .build());
    }
    return Future.succeededFuture(infos);
  }

  private Future<LogChunk> readLogs(ReadLogs request, Envelope envelope) {
    JobIds.checkJobId(request.getJobId());
    JobIds.checkIndex(request.getInstanceIndex());
    boolean running = runs.values().stream().anyMatch(r -> r.running
        && r.jobId.equals(request.getJobId()) && r.index == request.getInstanceIndex());
    var file = files.file(request.getJobId(), request.getInstanceIndex(), request.getStream());
    return vertx.executeBlocking(() -> {
      if (!java.nio.file.Files.isDirectory(file.getParent())) {
        throw new StatusException(StatusCode.STATUS_CODE_NOT_FOUND, "instance "
            + request.getInstanceIndex() + " of job " + request.getJobId()
            + " has no output on node " + context.nodeId());
      }
      OutputFiles.Chunk chunk = files.read(file, request.getOffset(), request.getTailLines(),
          request.getMaxBytes());
      return LogChunk.newBuilder()
          .setData(com.google.protobuf.ByteString.copyFrom(chunk.data()))
          .setOffset(chunk.offset())
          .setNextOffset(chunk.nextOffset())
          .setRunning(running)
          .build();
    }, false);
  }

  private Future<Ack> deleteOutput(DeleteJobOutput request, Envelope envelope) {
    String jobId = JobIds.checkJobId(request.getJobId());
    // After adoption: a run the previous spawner left is still this job's.
    return adopted.future().compose(v -> deleteOutputOnce(jobId));
  }

  private Future<Ack> deleteOutputOnce(String jobId) {
    boolean active = starting.keySet().stream().anyMatch(runId -> jobId.equals(JobIds.jobOf(runId)))
        || runs.values().stream().anyMatch(r -> r.running && r.jobId.equals(jobId));
    if (active) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_CONFLICT,
          "job " + jobId + " still runs on node " + context.nodeId()
              + "; its output is kept"));
    }
    return vertx.executeBlocking(() -> files.deleteJob(jobId), false).map(deleted -> {
      log.info("deleted the output of job {}: {} file(s)", jobId, deleted);
      return Ack.newBuilder().setNote(deleted + " file(s) deleted").build();
    });
  }

  private void rotate() {
    List<Run> running = runs.values().stream().filter(r -> r.running).toList();
    if (running.isEmpty()) {
      return;
    }
    vertx.executeBlocking(() -> {
      for (Run run : running) {
        files.rotateIfLarge(run.jobId, run.index);
      }
      return null;
    }, false).onFailure(failure -> log.warn("rotating output failed: {}", failure.getMessage()));
  }

  private static long micros(Instant instant) {
    return Micros.of(instant);
  }
}
