package io.snowfox.daemon;

import io.snowfox.runtime.cluster.Clusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JVM settings of the server roles (daemon, spawner, manager, API). A node runs four JVMs
 * that idle most of the time on machines that may have two cores, so each is set up to start
 * fast and stay small (docs/architecture.md has the measurements behind each):
 *
 * <ul>
 *   <li>C1 only ({@code TieredStopAtLevel=1}): C2's compilations were half of a job's CPU and
 *       competed with start-up for the cores; C1 code is fast enough for messages that cost
 *       microseconds. One compiler thread, a small code cache.
 *   <li>A small, elastic heap: it starts at 16 MiB with an 8 MiB young generation (the JDK's
 *       default on a large machine is an initial heap as large as the cap, whose young
 *       generation is all resident), grows after a full collection to keep 40% of it free,
 *       and gives memory back when more than 70% is free; the serial collector. Kept 10% free,
 *       a heap grew by a few megabytes a full collection, and every JVM of a node under load
 *       collected in full every few seconds (docs/architecture.md). The manager, whose heap
 *       holds the retained jobs, runs G1 instead ({@link #JOB_HEAP}).
 *   <li>512 KiB thread stacks.
 *   <li>The JVM's own counters ({@code jstat}'s) sampled every second, not every 50 ms: the
 *       sampling thread woke 20 times a second in each JVM for nobody, and an idle node spent
 *       about a tenth of its CPU on it.
 *   <li>A common fork-join pool of two threads. On a machine of two cores it would have one, and
 *       with one the JDK's and Hazelcast's asynchronous completions start a new thread for every
 *       task instead (every cluster-map write the manager makes completes that way).
 *   <li>The class-data archive the build makes ({@code cds/snowfox.jsa}), mapped at the address
 *       it was made for ({@code ArchiveRelocationMode=0}): its pages are then shared by all four
 *       JVMs instead of being copied into each. The JVM ignores an archive that does not match
 *       it (another JDK, changed jars), and the node then starts without it.
 * </ul>
 *
 * <p>The launcher script ({@code bin/snowfox}) starts the daemon with the same settings; a test
 * holds the two copies equal.
 */
public final class ServerJvm {

  /** The collector and heap of a role whose heap stays small: all but the manager. */
  public static final List<String> SMALL_HEAP = List.of("-XX:+UseSerialGC",
      "-Xms16m", "-Xmn8m", "-XX:MinHeapFreeRatio=40", "-XX:MaxHeapFreeRatio=70");

  /**
   * The collector and heap of the manager, whose heap grows with the jobs it retains (a day of
   * them). With the serial collector, whose old generation was then kept 10% larger than what
   * lived in it, every few megabytes promoted cost a full collection of all the retained
   * jobs: under 50 submits a second, one every 2.3 s, 70-90 ms each with 2,500 jobs retained,
   * and they made the p99 of a submit (docs/benchmarks.md). G1 collects the old generation
   * concurrently and in pieces; its pauses stay near the goal however many jobs are retained.
   */
  public static final List<String> JOB_HEAP = List.of("-XX:+UseG1GC", "-Xms16m",
      "-XX:MaxGCPauseMillis=20");

  /** Settings of every server role but its collector and heap. */
  public static final List<String> COMMON = Stream.concat(Stream.of(
      "-Xss512k", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
      "-XX:ReservedCodeCacheSize=32m", "-XX:PerfDataSamplingInterval=1000",
      "-Djava.util.concurrent.ForkJoinPool.common.parallelism=2"),
      Clusters.JVM_OPTIONS.stream()).toList();

  /** Settings of the daemon (which the launcher starts), before its heap cap. */
  public static final List<String> OPTIONS = Stream.concat(SMALL_HEAP.stream(),
      COMMON.stream()).toList();

  /** Where the build puts the class-data archive, under the distribution's home. */
  static final String ARCHIVE = "cds/snowfox.jsa";

  /**
   * glibc's malloc gives each thread that allocates an arena of its own (up to 8 per core);
   * two are plenty for a JVM, whose heap is not malloc's.
   */
  static final String MALLOC_ARENA_MAX = "2";

  private ServerJvm() {}

  /** The archive of the distribution at {@code home}, when the build made one. */
  static Optional<Path> archive(String home) {
    if (home == null || home.isEmpty()) {
      return Optional.empty();
    }
    Path archive = Path.of(home).resolve(ARCHIVE);
    return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
  }

  /** The options that map {@code archive}; silent if the JVM cannot use it. */
  static List<String> archiveOptions(Path archive) {
    return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto",
        "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0", "-Xlog:cds=off",
        "-Xlog:cds+dynamic=off");
  }
}
