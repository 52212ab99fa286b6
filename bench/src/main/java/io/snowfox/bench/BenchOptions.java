package io.snowfox.bench;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** What one benchmark run measures, and how long each part takes. */
final class BenchOptions {

  public static final String DEFAULT_DIST = "dist/target/snowfox";
  public static final String DEFAULT_OUT = "docs/benchmarks.md";
  /** Sequential round trips thrown away before measuring, per exchange. */
  public static final int DEFAULT_WARMUP_ROUND_TRIPS = 5_000;
  /** Sequential round trips measured per exchange: enough for a p99.9 from 20 samples. */
  public static final int DEFAULT_ROUND_TRIPS = 20_000;
  public static final int DEFAULT_IN_FLIGHT = 256;
  public static final int DEFAULT_LOAD_WARMUP_SECONDS = 2;
  public static final int DEFAULT_LOAD_SECONDS = 5;
  public static final int DEFAULT_COLD_STARTS = 3;
  public static final int DEFAULT_IDLE_SECONDS = 10;
  public static final int DEFAULT_CLI_RUNS = 5;

  @Option(names = "--dist", paramLabel = "DIR", defaultValue = DEFAULT_DIST,
      description = "The built distribution (default: ${DEFAULT-VALUE}).")
  Path dist;

  @Option(names = "--out", paramLabel = "FILE", defaultValue = DEFAULT_OUT,
      description = "Where the Markdown report goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--warmup-round-trips", paramLabel = "N",
      defaultValue = "" + DEFAULT_WARMUP_ROUND_TRIPS,
      description = "Unmeasured sequential round trips per exchange (default: ${DEFAULT-VALUE}).")
  int warmupRoundTrips;

  @Option(names = "--round-trips", paramLabel = "N", defaultValue = "" + DEFAULT_ROUND_TRIPS,
      description = "Measured sequential round trips per exchange (default: ${DEFAULT-VALUE}).")
  int roundTrips;

  @Option(names = "--in-flight", paramLabel = "N", defaultValue = "" + DEFAULT_IN_FLIGHT,
      description = "Requests kept in flight for throughput (default: ${DEFAULT-VALUE}).")
  int inFlight;

  @Option(names = "--load-warmup-seconds", paramLabel = "S",
      defaultValue = "" + DEFAULT_LOAD_WARMUP_SECONDS,
      description = "Unmeasured throughput run per exchange (default: ${DEFAULT-VALUE}).")
  int loadWarmupSeconds;

  @Option(names = "--load-seconds", paramLabel = "S", defaultValue = "" + DEFAULT_LOAD_SECONDS,
      description = "Measured throughput run per exchange (default: ${DEFAULT-VALUE}).")
  int loadSeconds;

  @Option(names = "--cold-starts", paramLabel = "N", defaultValue = "" + DEFAULT_COLD_STARTS,
      description = "Node cold starts (default: ${DEFAULT-VALUE}).")
  int coldStarts;

  @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "" + DEFAULT_IDLE_SECONDS,
      description = "Idle time of a GREEN node before its memory is read "
          + "(default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(names = "--cli-runs", paramLabel = "N", defaultValue = "" + DEFAULT_CLI_RUNS,
      description = "Timed 'snowfox node info' runs (default: ${DEFAULT-VALUE}).")
  int cliRuns;

  @Option(names = "--command", paramLabel = "TEXT", hidden = true,
      description = "The command line to print in the report (set by bench/run.sh).")
  String command;

  Path launcher() {
    return dist.resolve("bin").resolve("snowfox").toAbsolutePath();
  }

  Duration loadWarmup() {
    return Duration.ofSeconds(loadWarmupSeconds);
  }

  Duration load() {
    return Duration.ofSeconds(loadSeconds);
  }

  /** Checks values; the message names the option. */
  void validate() {
    if (!java.nio.file.Files.isExecutable(launcher())) {
      throw new IllegalArgumentException("--dist " + dist + ": no executable bin/snowfox; build "
          + "the distribution first (mvn -o -DskipTests install)");
    }
    positive("--round-trips", roundTrips);
    positive("--in-flight", inFlight);
    positive("--load-seconds", loadSeconds);
    positive("--cold-starts", coldStarts);
    positive("--cli-runs", cliRuns);
    if (warmupRoundTrips < 0 || loadWarmupSeconds < 0 || idleSeconds < 0) {
      throw new IllegalArgumentException("warm-up and idle values must not be negative");
    }
  }

  private static void positive(String option, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
  }
}
