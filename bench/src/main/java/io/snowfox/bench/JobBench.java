package io.snowfox.bench;

import java.nio.file.Path;

/**
 * Starting processes three ways on the same machine, one after the other: a bare spawn loop in
 * this JVM (the floor), a private supervisord, and SnowFox jobs through the HTTP API.
 */
final class JobBench {

  /** The three parts; any may have failed and is then reported as not measured. */
  record Result(Outcome<RawSpawnBench.Result> raw, Outcome<SupervisordBench.Result> supervisord,
      Outcome<SnowfoxJobBench.Result> snowfox) {

    boolean ok() {
      return raw.ok() && supervisord.ok() && snowfox.ok();
    }
  }

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  JobBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() {
    Outcome<RawSpawnBench.Result> raw = Outcome.of("raw spawn loop",
        () -> new RawSpawnBench(options).run());
    Outcome<SupervisordBench.Result> supervisord = Outcome.of("supervisord",
        () -> new SupervisordBench(options, processes, workDir).run());
    Outcome<SnowfoxJobBench.Result> snowfox = Outcome.of("SnowFox jobs",
        () -> new SnowfoxJobBench(options, processes, workDir).run());
    return new Result(raw, supervisord, snowfox);
  }
}
