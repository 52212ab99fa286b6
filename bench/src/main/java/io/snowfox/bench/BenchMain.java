package io.snowfox.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * One benchmark run: the clustered bus between two JVMs, then a real node from the built
 * distribution (cold start next to a bare Hazelcast member's, idle memory, CLI latency), then
 * starting processes as SnowFox jobs, with supervisord and with a bare spawn loop, then a
 * separate profiled run of SnowFox jobs, then a node's cost with a long job history and a burst
 * of submits, then clusters of several nodes on this machine (submits as the cluster grows, and
 * the time to heal when a node is killed), written as a Markdown report; {@code --only} picks
 * some of these.
 *
 * <p>Every process it starts is stopped by pid before it ends, also on failure or Ctrl-C. A part
 * that fails is reported as not measured and the run goes on; the exit code is then 1.
 */
@Command(name = "bench/run.sh", mixinStandardHelpOptions = true,
    description = "Measure SnowFox and write a Markdown report.")
public final class BenchMain implements Callable<Integer> {

  /** Exit code of a run whose arguments were wrong. */
  public static final int EXIT_USAGE = 2;

  @Mixin BenchOptions options;

  /**
   * Idle connections the JDK keeps open to each API for the Java client, which speaks HTTP
   * through HttpURLConnection (5 by default): the series run up to 16 client threads against
   * one API, and each should keep its connection, as a pooling client would, rather than open
   * one per request and add the connects to what the API's CPU is measured doing.
   */
  static final int KEEP_ALIVE_CONNECTIONS = 64;

  public static void main(String[] args) {
    // Read once, when the JDK first keeps a connection alive: before any API call.
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", Integer.toString(KEEP_ALIVE_CONNECTIONS));
    }
    int code = new CommandLine(new BenchMain())
        .setOverwrittenOptionsAllowed(true)
        .setExecutionExceptionHandler((failure, commandLine, parsed) -> {
          if (failure instanceof IllegalArgumentException) {
            commandLine.getErr().println("error: " + failure.getMessage());
            return EXIT_USAGE;
          }
          throw failure;
        })
        .execute(args);
    // Vert.x and Hazelcast threads would keep the JVM alive.
    System.exit(code);
  }

  /** Progress on stderr: a run takes minutes. */
  static void say(String text) {
    System.err.println("[bench] " + text);
  }

  @Override
  public Integer call() throws Exception {
    options.validate();
    Processes processes = new Processes();
    Thread cleanup = new Thread(processes::stopAll, "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    Path workDir = Files.createTempDirectory("snowfox-bench-");
    say("work directory " + workDir);
    String takenAt = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String loadAtStart = Machine.loadAverage();
    Report.Parts parts;
    Machine machine;
    try {
      machine = Machine.describe(processes);
      parts = measure(processes, workDir);
    } finally {
      processes.stopAll();
    }
    new Report(options, machine, takenAt, loadAtStart).write(options.out, parts);
    say("report written to " + options.out.toAbsolutePath());
    boolean ok = parts.ok();
    if (!ok) {
      say("some parts failed; their logs are kept in " + workDir);
    } else if (options.keepWorkDir) {
      say("logs kept in " + workDir);
    } else {
      deleteTree(workDir);
    }
    Runtime.getRuntime().removeShutdownHook(cleanup);
    return ok ? 0 : 1;
  }

  /** Runs the parts {@code --only} selects; those it does not are null. */
  private Report.Parts measure(Processes processes, Path workDir) {
    Outcome<BusBench.Result> bus = options.runs("bus") ? Outcome.of("bus benchmark",
        () -> new BusBench(options, processes, workDir).run()) : null;
    try {
      Report.Node node = options.runs("node") ? measureNode(processes, workDir) : null;
      JobBench.Result jobs = options.runs("jobs")
          ? new JobBench(options, processes, workDir).run() : null;
      Outcome<ProfileBench.Result> profile = options.runs("profile") && options.profileJobs > 0
          ? Outcome.of("profile", () -> new ProfileBench(options, processes, workDir).run())
          : null;
      Outcome<HistoryBench.Result> history = options.runs("history")
          ? Outcome.of("history", () -> new HistoryBench(options, processes, workDir).run())
          : null;
      Outcome<BurstBench.Result> burst = options.runs("burst")
          ? Outcome.of("burst", () -> new BurstBench(options, processes, workDir).run())
          : null;
      Outcome<ScaleBench.Result> scale = options.runs("scale")
          ? Outcome.of("scale", () -> new ScaleBench(options, processes, workDir).run())
          : null;
      Outcome<NodeLossBench.Result> nodeLoss = options.runs("nodeloss")
          ? Outcome.of("node loss", () -> new NodeLossBench(options, processes, workDir).run())
          : null;
      return new Report.Parts(bus, node, jobs, profile, history, burst, scale, nodeLoss);
    } finally {
      processes.stopAll();
    }
  }

  /** The bare member's cold starts first, then the node's, its idle memory and the CLI. */
  private Report.Node measureNode(Processes processes, Path workDir) {
    Outcome<BareMemberBench.Result> bareMember = Outcome.of("bare member cold start",
        () -> new BareMemberBench(options, processes, workDir).run());
    NodeBench node = new NodeBench(options, processes, workDir);
    Outcome<List<NodeBench.ColdStart>> coldStarts = Outcome.of("cold start", node::coldStarts);
    Outcome<NodeBench.Memory> memory = node.hasRunningNode()
        ? Outcome.of("idle memory", node::idleMemory)
        : Outcome.skipped("no GREEN node (the cold starts failed)");
    Outcome<NodeBench.Cli> cli = node.hasRunningNode()
        ? Outcome.of("CLI latency", node::cliLatency)
        : Outcome.skipped("no GREEN node (the cold starts failed)");
    Outcome<Void> stopped = Outcome.of("stopping the node", () -> {
      node.stopRunning();
      return null;
    });
    if (coldStarts.ok() && stopped.ok()) {
      coldStarts = new Outcome<>(node.coldStartsSoFar(), null);
    }
    return new Report.Node(bareMember, coldStarts, memory, cli);
  }

  private static void deleteTree(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
