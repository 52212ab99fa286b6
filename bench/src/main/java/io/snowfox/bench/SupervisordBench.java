package io.snowfox.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * supervisord doing the closest thing to SnowFox's jobs, driven through its XML-RPC interface
 * (what supervisorctl calls) on a private instance: a new program added and started, an existing
 * program started, {@code /bin/true} started until EXITED, and the same closed loop as the
 * other systems. Programs have {@code startsecs=0}, so RUNNING means forked, as in SnowFox.
 */
final class SupervisordBench {

  static final String DIR = "supervisord";
  static final List<String> SLEEP = SnowfoxJobBench.SLEEP;
  static final List<String> TRUE = List.of(SnowfoxJobBench.TRUE);
  static final int CTL_RUNS = 5;

  /**
   * @param added new program file, {@code reloadConfig} + {@code addProcessGroup}
   *     (autostart), until {@code getProcessInfo} says RUNNING
   * @param started {@code startProcess} of a defined, stopped program until RUNNING
   * @param exited {@code startProcess} of a {@code /bin/true} program until EXITED
   * @param ctlCommand and ctlRuns: one {@code supervisorctl status} from start to exit
   */
  record Result(String version, String python, Histogram added, Histogram started,
      Histogram exited, ClosedLoop.Result load, List<ProcCpu.Row> cpu, List<String> ctlCommand,
      List<Duration> ctlRuns, String loadAverage) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  SupervisordBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() throws Exception {
    Path program = Supervisord.find(options.supervisord).orElseThrow(() ->
        new IllegalStateException("no supervisord ('" + options.supervisord + "' is not on "
            + "PATH); bench/run.sh installs Debian's supervisor package when it can"));
    String loadAverage = Machine.loadAverage();
    String version = processes.output(List.of(program.toString(), "--version"),
        Duration.ofSeconds(20));
    String python = python(program);
    List<String> programs = new ArrayList<>();
    for (int c = 0; c < options.jobClients; c++) {
      programs.add(Supervisord.program(trueName(c), TRUE, false));
    }
    Supervisord supervisord = Supervisord.start(processes, program, workDir.resolve(DIR),
        programs);
    try {
      SupervisorRpc rpc = supervisord.rpc();
      int total = options.jobWarmup + options.jobRuns;
      Histogram added = Series.run("supervisord: add " + String.join(" ", SLEEP)
          + " to RUNNING", options.jobWarmup, options.jobRuns, i -> {
            String name = "sleep" + i;
            supervisord.writeProgram(Supervisord.program(name, SLEEP, true));
            long begun = System.nanoTime();
            rpc.reloadConfig();
            rpc.addProcessGroup(name);
            return awaitRunning(rpc, name) - begun;
          });
      rpc.stopAllProcesses();
      Histogram started = Series.run("supervisord: start " + String.join(" ", SLEEP)
          + " to RUNNING", options.jobWarmup, options.jobRuns, i -> {
            String name = "sleep" + i;
            long begun = System.nanoTime();
            rpc.startProcess(name);
            return awaitRunning(rpc, name) - begun;
          });
      rpc.stopAllProcesses();
      for (int i = 0; i < total; i++) {
        rpc.removeProcessGroup("sleep" + i);
      }
      Histogram exited = Series.run("supervisord: start " + TRUE.get(0) + " to EXITED",
          options.jobWarmup, options.jobRuns, i -> {
            long begun = System.nanoTime();
            rpc.startProcess(trueName(0));
            return awaitExited(rpc, trueName(0)) - begun;
          });
      Map<String, ProcessHandle> measured = new LinkedHashMap<>();
      measured.put("bench JVM (clients)", ProcessHandle.current());
      measured.put("supervisord", supervisord.handle());
      Map<String, ProcCpu.Ticks> before = ProcCpu.sample(measured);
      ClosedLoop.Result load = ClosedLoop.polled("supervisord: " + options.jobClients
          + " clients", options.jobClients, options.jobLoad(), options.jobPoll(),
          new ClosedLoop.Polled() {
            @Override
            public String begin(int client) throws Exception {
              // startProcess returns once forked (STARTING), so a later look seeing the program
              // ended sees this run end, not the previous one.
              rpc.startProcess(trueName(client));
              return trueName(client);
            }

            @Override
            public Map<String, Boolean> ended(Set<String> keys) throws Exception {
              Map<String, SupervisorRpc.Info> all = rpc.allProcessInfo();
              Map<String, Boolean> ended = new HashMap<>();
              for (String key : keys) {
                SupervisorRpc.Info info = all.get(key);
                if (info != null && !info.isActive()) {
                  ended.put(key, info.state().equals("EXITED") && info.exitStatus() == 0);
                }
              }
              return ended;
            }
          });
      List<ProcCpu.Row> cpu = ProcCpu.perUnit(before, ProcCpu.sample(measured), load.ended());
      List<String> ctl = List.of(supervisord.supervisorctl().toString(), "-c",
          supervisord.config().toString(), "status", trueName(0));
      return new Result(version, python, added, started, exited, load, cpu, ctl, ctlRuns(ctl),
          loadAverage);
    } finally {
      Processes.Stop stop = supervisord.stop();
      BenchMain.say("supervisord: stopped in " + stop.elapsed().toMillis() + " ms");
    }
  }

  static String trueName(int client) {
    return "true" + client;
  }

  private long awaitRunning(SupervisorRpc rpc, String name) throws Exception {
    return Series.pollUntil(options.jobPoll(), name + " RUNNING", () -> {
      SupervisorRpc.Info info = rpc.processInfo(name);
      if (!info.isActive()) {
        throw new IllegalStateException(name + " is " + info.state());
      }
      return info.state().equals("RUNNING");
    });
  }

  private long awaitExited(SupervisorRpc rpc, String name) throws Exception {
    return Series.pollUntil(options.jobPoll(), name + " EXITED", () -> {
      SupervisorRpc.Info info = rpc.processInfo(name);
      if (info.isActive()) {
        return false;
      }
      if (!info.state().equals("EXITED") || info.exitStatus() != 0) {
        throw new IllegalStateException(name + " is " + info.state() + " (exit status "
            + info.exitStatus() + ")");
      }
      return true;
    });
  }

  /** {@code supervisorctl} runs timed from start to exit: a Python start plus one call. */
  private List<Duration> ctlRuns(List<String> command) throws Exception {
    List<Duration> runs = new ArrayList<>();
    for (int i = 0; i < CTL_RUNS; i++) {
      long begun = System.nanoTime();
      Process ctl = processes.start(new ProcessBuilder(command)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD));
      boolean ended = ctl.waitFor(Series.UNIT_BOUND.toMillis(), TimeUnit.MILLISECONDS);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - begun);
      processes.stop(ctl.toHandle(), Duration.ZERO);
      if (!ended) {
        throw new IllegalStateException("supervisorctl status did not end within "
            + Series.UNIT_BOUND.toSeconds() + " s");
      }
      runs.add(elapsed);
    }
    BenchMain.say("supervisord: supervisorctl status median "
        + Report.median(runs).toMillis() + " ms");
    return runs;
  }

  /** The interpreter named by supervisord's #! line, and its version. */
  private String python(Path program) {
    try {
      String first = java.nio.file.Files.readAllLines(program).get(0);
      if (!first.startsWith("#!")) {
        return "unknown";
      }
      List<String> interpreter = List.of(first.substring(2).trim().split("\\s+"));
      List<String> command = new ArrayList<>(interpreter);
      command.add("--version");
      return processes.output(command, Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown (interrupted)";
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
