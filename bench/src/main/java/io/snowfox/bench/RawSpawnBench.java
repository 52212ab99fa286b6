package io.snowfox.bench;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The floor under any supervisor on this machine: {@code ProcessBuilder.start()} of
 * {@code /bin/true} in this JVM and {@code waitFor()}, with nothing recorded, logged or sent.
 */
final class RawSpawnBench {

  static final List<String> COMMAND = List.of("/bin/true");

  /**
   * @param started {@code start()} until it returned: the process exists and has exec'd
   * @param ended {@code start()} until {@code waitFor()} returned: it ran and was reaped
   */
  record Result(Histogram started, Histogram ended, ClosedLoop.Result load,
      List<ProcCpu.Row> cpu, String loadAverage) {}

  private final BenchOptions options;

  RawSpawnBench(BenchOptions options) {
    this.options = options;
  }

  Result run() throws Exception {
    String loadAverage = Machine.loadAverage();
    Histogram started = Series.histogram();
    Histogram ended = Series.run("raw: start+waitFor /bin/true", options.jobWarmup,
        options.jobRuns, i -> {
          long begun = System.nanoTime();
          Process process = builder().start();
          long up = System.nanoTime();
          awaitExit(process);
          long done = System.nanoTime();
          if (i >= options.jobWarmup) {
            started.recordValue(up - begun);
          }
          return done - begun;
        });
    Map<String, ProcessHandle> measured = Map.of("bench JVM (clients)", ProcessHandle.current());
    Map<String, ProcCpu.Ticks> before = ProcCpu.sample(measured);
    ClosedLoop.Result load = ClosedLoop.blocking("raw: " + options.jobClients + " threads",
        options.jobClients, options.jobLoad(), client -> {
          Process process = builder().start();
          awaitExit(process);
          return process.exitValue() == 0;
        });
    List<ProcCpu.Row> cpu = ProcCpu.perUnit(before, ProcCpu.sample(measured), load.ended());
    return new Result(started, ended, load, cpu, loadAverage);
  }

  private static ProcessBuilder builder() {
    return new ProcessBuilder(COMMAND)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
  }

  /** Waits, bounded; a /bin/true that does not end is killed and fails the part. */
  private static void awaitExit(Process process) throws InterruptedException {
    if (!process.waitFor(Series.UNIT_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("/bin/true (pid " + process.pid() + ") did not end within "
          + Series.UNIT_BOUND.toSeconds() + " s");
    }
  }
}
