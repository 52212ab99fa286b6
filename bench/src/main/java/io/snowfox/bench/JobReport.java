package io.snowfox.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The report's section on starting processes: SnowFox jobs, supervisord, a bare spawn loop. */
final class JobReport {

  private static final String NOT_MEASURED = "not measured";

  private final BenchOptions options;
  private final StringBuilder md = new StringBuilder();

  JobReport(BenchOptions options) {
    this.options = options;
  }

  String render(JobBench.Result result) {
    line("## 5. Starting processes: SnowFox jobs, supervisord, a bare spawn loop");
    line("");
    line("The same work three ways on this machine, one system after the other in this order: "
        + "a bare `ProcessBuilder` loop in the bench JVM (the floor), a private supervisord, and "
        + "SnowFox jobs through the HTTP API of a node of its own. Each series runs "
        + options.jobWarmup + " unmeasured units, then " + options.jobRuns
        + " measured ones, one at a time; each throughput run has " + options.jobClients
        + " clients for " + options.jobLoadSeconds + " s. Clients wait by polling every "
        + options.jobPollMillis + " ms.");
    line("");
    summary(result);
    includes(result);
    throughput(result);
    snowfox(result.snowfox());
    supervisord(result.supervisord());
    return md.toString();
  }

  private void summary(JobBench.Result result) {
    line("| System, how it is driven | start → running p50 ms | p99 ms "
        + "| `/bin/true` start → ended p50 ms | p99 ms "
        + "| `/bin/true` ended/s, " + options.jobClients + " clients | load 1 min at start |");
    line("|---|--:|--:|--:|--:|--:|--:|");
    if (result.raw().ok()) {
      RawSpawnBench.Result raw = result.raw().value();
      line("| bare `ProcessBuilder.start()` (+ `waitFor()`) in the bench JVM | "
          + p(raw.started(), 50) + " | " + p(raw.started(), 99) + " | " + p(raw.ended(), 50)
          + " | " + p(raw.ended(), 99) + " | " + perSecond(raw.load()) + " | "
          + oneMinute(raw.loadAverage()) + " |");
    } else {
      line("| bare `ProcessBuilder` | " + NOT_MEASURED + " | | | | | |");
    }
    if (result.supervisord().ok()) {
      SupervisordBench.Result sv = result.supervisord().value();
      line("| supervisord " + sv.version() + ", XML-RPC: new program (`reloadConfig` + "
          + "`addProcessGroup`) | " + p(sv.added(), 50) + " | " + p(sv.added(), 99)
          + " | | | | " + oneMinute(sv.loadAverage()) + " |");
      line("| supervisord " + sv.version() + ", XML-RPC: defined program (`startProcess`) | "
          + p(sv.started(), 50) + " | " + p(sv.started(), 99) + " | " + p(sv.exited(), 50)
          + " | " + p(sv.exited(), 99) + " | " + perSecond(sv.load()) + " | |");
    } else {
      line("| supervisord | " + NOT_MEASURED + " | | | | | |");
    }
    if (result.snowfox().ok()) {
      SnowfoxJobBench.Result sf = result.snowfox().value();
      line("| SnowFox, HTTP: `POST /v1/jobs`, then `GET /v1/jobs/{id}` | " + p(sf.toRunning(), 50)
          + " | " + p(sf.toRunning(), 99) + " | " + p(sf.toComplete(), 50) + " | "
          + p(sf.toComplete(), 99) + " | " + perSecond(sf.load()) + " | "
          + oneMinute(sf.loadAverage()) + " |");
    } else {
      line("| SnowFox | " + NOT_MEASURED + " | | | | | |");
    }
    line("");
    for (Outcome<?> part : List.of(result.raw(), result.supervisord(), result.snowfox())) {
      if (!part.ok()) {
        line("**Not measured**: " + part.failure().replace("\n", " "));
        line("");
      }
    }
  }

  private void includes(JobBench.Result result) {
    line("What each figure includes:");
    line("");
    line("- **Start → running** is from the moment the client starts its request to the "
        + "answer that shows the process running. For the bare loop it is `start()` of "
        + "`/bin/true` until it returned (the JDK's `posix_spawn` through `jspawnhelper`, "
        + "which returns once the exec succeeded; output discarded). For supervisord and "
        + "SnowFox the process is `" + String.join(" ", SnowfoxJobBench.SLEEP) + "`, "
        + "and the figure includes up to one polling interval (" + options.jobPollMillis
        + " ms) plus the round trip of the poll that saw it.");
    line("- **supervisord**: calls go over its unix socket as XML-RPC (HTTP/1.0, one "
        + "connection per call) straight from the bench JVM, not through `supervisorctl`, "
        + "which would add a Python start to every call (measured below). Programs have "
        + "`startsecs=0` (supervisord's RUNNING otherwise waits 1 s to see the process stay "
        + "up; with 0 it means forked, as SnowFox's running does), `autorestart=false`, "
        + "`startretries=0` and supervisord's default `AUTO` output files. *New program*: a "
        + "`conf.d/sleepN.ini` is written (not timed), then `reloadConfig` (re-reads the whole "
        + "configuration) and `addProcessGroup` with `autostart=true`, i.e. what `supervisorctl "
        + "update` does for one new program, then `getProcessInfo` until RUNNING. *Defined "
        + "program*: `startProcess(name, wait=false)` of a stopped program, as `supervisorctl "
        + "start` does, then `getProcessInfo` until RUNNING (the sleep programs) or EXITED "
        + "(`/bin/true`). The sleep processes of a series stay up until it ends "
        + "(`stopAllProcesses`), as SnowFox's do.");
    line("- **SnowFox**: `POST /v1/jobs` with `{\"name\", \"command\", \"args\"}` (defaults: 1 "
        + "instance, restart never): HTTP and JSON to the API server, the bus to the manager, "
        + "which validates, persists the PENDING job (H2 `MERGE` committed with "
        + "`WRITE_DELAY=0`, then a put into the cluster-wide job map) and answers 201; it then "
        + "reads the node map of the cluster, places the instance, persists STARTING and "
        + "sends StartProcess over the bus to the spawner, which forks `setsid <command>` "
        + "with output appended to files under the data dir, writes a run record file and "
        + "answers; the manager marks the instance running in memory (a `GET` answers from "
        + "memory) and persists again. Each poll is `GET /v1/jobs/{id}`: HTTP to the API "
        + "server, the bus to the manager and back. *Ended* adds the spawner seeing the exit, "
        + "its `kill -KILL -- -<pgid>` of the group (one more fork), ProcessExited over the "
        + "bus, the manager persisting the job complete, and the poll that sees it. The roles "
        + "log at their default level (INFO, console and JSON file) throughout. The 30 s "
        + "sleep jobs stay up until their series ends, then are stopped with `DELETE`.");
    line("- **Throughput** is a closed loop at a fixed concurrency: each of the "
        + options.jobClients + " client threads starts one unit, waits until it has ended, "
        + "starts the next, for " + options.jobLoadSeconds + " s; units ending after the "
        + "window are awaited (bounded) but not counted. The bare loop waits with "
        + "`waitFor()`. For supervisord and SnowFox one watcher thread looks at the whole "
        + "system every " + options.jobPollMillis + " ms for all clients, so the polling load "
        + "does not grow with the clients: supervisord `getAllProcessInfo` (each client owns "
        + "one `/bin/true` program), SnowFox `GET /v1/jobs?state=pending` then "
        + "`?state=running` (a job acknowledged before the look and in neither list has "
        + "ended). A unit's end is seen up to one interval plus the look's round trip late, "
        + "which lowers the rate of a closed loop the more the faster the unit is.");
    line("");
  }

  private void throughput(JobBench.Result result) {
    line("Throughput runs (`/bin/true`, " + options.jobClients + " clients, one unit in flight "
        + "each, " + options.jobLoadSeconds + " s):");
    line("");
    line("| System | Ended ok in the window | Failed | Per second | Unit p50 ms | Unit p99 ms "
        + "| Ended after the window | Drain ms |");
    line("|---|--:|--:|--:|--:|--:|--:|--:|");
    if (result.raw().ok()) {
      loadRow("bare `ProcessBuilder`", result.raw().value().load(), "");
    }
    if (result.supervisord().ok()) {
      loadRow("supervisord, `startProcess`", result.supervisord().value().load(), "");
    }
    if (result.snowfox().ok()) {
      SnowfoxJobBench.Result sf = result.snowfox().value();
      loadRow("SnowFox, `POST /v1/jobs`", sf.load(), "");
    }
    line("");
    line("A unit is begin to seen ended, as its client measured it; with one unit in flight per "
        + "client, per second ≈ clients / mean unit time.");
    line("");
    if (result.snowfox().ok() && !result.snowfox().value().failures().isEmpty()) {
      line("SnowFox jobs of the throughput run that ended failed (a `/bin/true` should not), "
          + "by the reason the job gives:");
      line("");
      result.snowfox().value().failures().forEach((reason, count) ->
          line("- " + count + " × " + reason.replace("|", "\\|")));
      line("");
    }
    cpu(result);
  }

  /** CPU per ended unit of each long-lived process during the throughput runs. */
  private void cpu(JobBench.Result result) {
    line("CPU per ended unit during those runs, from `/proc/<pid>/stat` (utime + stime, "
        + "in 10 ms ticks, over the run and its drain, divided by the units that ended):");
    line("");
    line("| System | Process | CPU ms per unit | of which JIT compiler threads "
        + "| reaped children ms per unit |");
    line("|---|---|--:|--:|--:|");
    if (result.raw().ok()) {
      cpuRows("bare `ProcessBuilder`", result.raw().value().cpu());
    }
    if (result.supervisord().ok()) {
      cpuRows("supervisord", result.supervisord().value().cpu());
    }
    if (result.snowfox().ok()) {
      cpuRows("SnowFox", result.snowfox().value().cpu());
    }
    line("");
    line("The bench JVM is the clients (and, for supervisord and SnowFox, the watcher); its "
        + "share is the cost of driving the system, not of the system. Reaped children is the "
        + "CPU of the processes a parent started and waited for: `/bin/true` itself and, for "
        + "the spawner, also `setsid` (which execs the command) and the `kill` it forks per "
        + "exit. The daemon works for every job because it is the node's only Hazelcast data "
        + "member: the cluster-wide job map and the node map live in it. On 2 cores, 2000 ms "
        + "of CPU per second is all there is.");
    line("");
  }

  private void cpuRows(String system, List<ProcCpu.Row> rows) {
    double own = 0;
    double jit = 0;
    double children = 0;
    for (ProcCpu.Row row : rows) {
      line("| " + system + " | " + row.process() + " | " + one(row.own()) + " | "
          + one(row.jit()) + " | " + one(row.children()) + " |");
      own += row.own();
      jit += row.jit();
      children += row.children();
    }
    if (rows.size() > 1) {
      line("| " + system + " | **all of the above** | **" + one(own) + "** | " + one(jit)
          + " | " + one(children) + " |");
    }
  }

  private static String one(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private void loadRow(String name, ClosedLoop.Result load, String note) {
    line("| " + name + " | " + load.completed() + " | " + load.failed() + note + " | "
        + perSecond(load) + " | " + p(load.latency(), 50) + " | " + p(load.latency(), 99)
        + " | " + load.tail() + " | " + load.drain().toMillis() + " |");
  }

  private void snowfox(Outcome<SnowfoxJobBench.Result> outcome) {
    if (!outcome.ok()) {
      return;
    }
    SnowfoxJobBench.Result sf = outcome.value();
    line("Where a SnowFox job's time goes: medians over the measured jobs of each series, from "
        + "the client's clock and the job's own timestamps (manager and spawner, same machine, "
        + "same clock, microseconds). Medians of stages do not add up to the median of the "
        + "whole.");
    line("");
    line("| Stage | `" + String.join(" ", SnowfoxJobBench.SLEEP) + "`, to running ms "
        + "| `" + SnowfoxJobBench.TRUE + "`, to complete ms |");
    line("|---|--:|--:|");
    List<SnowfoxJobBench.Stage> running = sf.runningStages();
    List<SnowfoxJobBench.Stage> complete = sf.completeStages();
    for (int i = 0; i < complete.size(); i++) {
      SnowfoxJobBench.Stage stage = complete.get(i);
      String toRunning;
      if (i < 2) {
        toRunning = ms(running.get(i).median());
      } else if (i == complete.size() - 1) {
        toRunning = ms(running.get(running.size() - 1).median());
      } else {
        toRunning = "";
      }
      String name = i == complete.size() - 1
          ? "→ the client's poll saw it (`running` / `complete`)" : stage.name();
      line("| " + name + " | " + toRunning + " | " + ms(stage.median()) + " |");
    }
    line("| `POST /v1/jobs` answered 201, both series | "
        + p(sf.submitAnswer(), 50) + " (p99 " + p(sf.submitAnswer(), 99) + ") | |");
    line("");
    double answer = sf.submitAnswer().getValueAtPercentile(50) / 1e6;
    double accepted = (running.get(0).median().toNanos() + complete.get(0).median().toNanos())
        / 2e6;
    line("The manager answers 201 only once the PENDING job is persisted, and places the "
        + "instance only after that: the POST's median round trip (" + one(answer) + " ms) "
        + "less the median time until the manager had the job (" + one(accepted) + " ms) "
        + "leaves about " + one(answer - accepted) + " ms for the H2 commit, the cluster-map "
        + "put and the way back. Placing the instance then saves the job again (STARTING), but "
        + "StartProcess is sent without waiting for that save: run ids are deterministic and "
        + "the spawner is idempotent on them.");
    line("");
    line("The node (cluster `" + sf.clusterName() + "`, its own data dir, loopback ports) was "
        + "GREEN " + String.format(Locale.ROOT, "%.1f", sf.green().toNanos() / 1e9)
        + " s after its launch (not counted). At the end it held " + sf.jobs()
        + " jobs (all kept: ended jobs are removed only after the 24 h default retention): "
        + "the manager's H2 store took " + mib(sf.store())
        + " (" + perJob(sf.store(), sf.jobs()) + " per job), the roles' logs "
        + mib(sf.logs()) + " (" + perJob(sf.logs(), sf.jobs()) + " per job), and the "
        + "spawner's job output directory (`<data-dir>/jobs`) " + sf.outputFiles()
        + " files.");
    line("");
  }

  private void supervisord(Outcome<SupervisordBench.Result> outcome) {
    if (!outcome.ok()) {
      return;
    }
    SupervisordBench.Result sv = outcome.value();
    List<Duration> runs = sv.ctlRuns();
    line("supervisord " + sv.version() + " (" + sv.python() + ") is Debian's `supervisor` "
        + "package; `bench/run.sh` installs it when it is missing (`apt-get update && "
        + "apt-get install -y supervisor`, which needs root; on a regular Debian system the "
        + "package also enables its system-wide service, which this benchmark does not use). "
        + "The benchmark runs its own: a child process with its own configuration, unix socket, "
        + "pid file and logs in the run's work directory, no inet server, `nodaemon=true`, "
        + "stopped by pid at the end. One `" + String.join(" ", shortCtl(sv.ctlCommand()))
        + "` took " + Report.median(runs).toMillis() + " ms median over " + runs.size()
        + " runs (max " + runs.stream().max(Duration::compareTo).orElseThrow().toMillis()
        + " ms): a Python start plus one call, the price of each step of a shell loop "
        + "driving supervisorctl, on top of the XML-RPC figures above.");
    line("");
  }

  private static List<String> shortCtl(List<String> command) {
    return List.of("supervisorctl", "-c", "<conf>", command.get(command.size() - 2),
        command.get(command.size() - 1));
  }

  private void line(String text) {
    md.append(text).append('\n');
  }

  private static String p(Histogram h, double percentile) {
    return Series.millis(h.getValueAtPercentile(percentile));
  }

  private static String perSecond(ClosedLoop.Result load) {
    return String.format(Locale.ROOT, "%,.1f", load.perSecond());
  }

  private static String ms(Duration duration) {
    return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1e6);
  }

  private static String oneMinute(String loadAverage) {
    int slash = loadAverage.indexOf(" /");
    return slash < 0 ? loadAverage : loadAverage.substring(0, slash);
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
  }

  private static String perJob(long bytes, long jobs) {
    return jobs == 0 ? "n/a" : String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0 / jobs);
  }
}
