package io.snowfox.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real node from the built distribution: how long {@code snowfox daemon} takes to report
 * GREEN, how much memory the idle node holds, and how long {@code snowfox node info} takes.
 *
 * <p>The last cold-started node is kept running for the memory and CLI measurements; {@link
 * #stopRunning()} stops it.
 */
final class NodeBench {

  static final String NODE_ID = "bench";
  static final Duration POLL_INTERVAL = Duration.ofMillis(50);
  static final Duration GREEN_TIMEOUT = Duration.ofSeconds(120);
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);
  /** A daemon stops its three children in order; each has a grace of its own. */
  static final Duration STOP_GRACE = Duration.ofSeconds(60);
  static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);

  /**
   * One cold start.
   *
   * @param firstAnswer launch to the first HTTP answer of {@code GET /v1/nodes}, any status
   * @param green launch to the first answer where this node is GREEN
   * @param stop SIGTERM to the exit of the daemon and all its descendants; null until stopped
   * @param killed processes that needed SIGKILL
   */
  record ColdStart(int run, Duration firstAnswer, Duration green, Duration stop, int killed) {}

  /** Memory of the idle node, one row per process. */
  record Memory(Duration idle, List<ProcMemory.Row> rows) {}

  /**
   * Durations of {@code command}, process start to exit, and for comparison the same request
   * made from this (warm) JVM.
   */
  record Cli(List<String> command, List<Duration> runs, List<Duration> inProcess) {}

  /** In-process {@code GET /v1/nodes} requests timed beside the CLI runs. */
  static final int IN_PROCESS_REQUESTS = 20;

  /**
   * A launched daemon; {@code launchedNanos} is System.nanoTime() just before its start, and
   * its data dir is {@code dir/data}.
   */
  record Node(int run, String nodeId, Process daemon, long launchedNanos, int httpPort,
      Path dir) {

    /** The node's HTTP API on loopback. */
    URI api() {
      return URI.create("http://127.0.0.1:" + httpPort);
    }
  }

  /**
   * How a node is launched beyond the bench's defaults: daemon options after the bench's own,
   * and environment variables of the launcher ({@code SNOWFOX_JAVA_OPTS} reaches the daemon's
   * JVM, {@code --jvm-opt ROLE=OPTION} its children's).
   */
  record Launch(List<String> daemonArgs, Map<String, String> environment) {
    static final Launch PLAIN = new Launch(List.of(), Map.of());

    /** Daemon options that hand each {@code ROLE=OPTION} to that role's JVM. */
    static List<String> jvmOpts(List<String> roleOptions) {
      return roleOptions.stream().flatMap(option -> Stream.of("--jvm-opt", option)).toList();
    }
  }

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;
  private final String clusterName;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(1))
      .build();
  private final List<ColdStart> coldStarts = new ArrayList<>();
  private Node running;

  NodeBench(BenchOptions options, Processes processes, Path workDir) {
    this(options, processes, workDir, "bench-cold-" + ProcessHandle.current().pid());
  }

  /** Nodes of their own cluster, so that they never join another run's or a real node's. */
  NodeBench(BenchOptions options, Processes processes, Path workDir, String clusterName) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
    this.clusterName = clusterName;
  }

  String clusterName() {
    return clusterName;
  }

  /**
   * Starts one node in {@code workDir/<dirName>} and waits until it is GREEN. The caller stops
   * it with {@link Processes#stop} and {@link #STOP_GRACE}.
   */
  Node startGreen(String dirName) throws Exception {
    return startGreen(dirName, Launch.PLAIN, GREEN_TIMEOUT);
  }

  /**
   * As {@link #startGreen(String)}, with {@code extras} added to the launch, waiting up to
   * {@code timeout} (a node with a long job history takes longer).
   */
  Node startGreen(String dirName, Launch extras, Duration timeout) throws Exception {
    Node node = launch(1, dirName, extras);
    try {
      awaitGreen(node, timeout);
      return node;
    } catch (Exception e) {
      processes.stop(node.daemon().toHandle(), STOP_GRACE);
      throw e;
    }
  }

  /** Cold starts, one after the other; the last node stays up. */
  List<ColdStart> coldStarts() throws Exception {
    for (int run = 1; run <= options.coldStarts; run++) {
      Node node = launch(run, "node-" + run, Launch.PLAIN);
      try {
        coldStarts.add(awaitGreen(node, GREEN_TIMEOUT));
      } catch (Exception e) {
        processes.stop(node.daemon().toHandle(), STOP_GRACE);
        throw e;
      }
      running = node;
      if (run < options.coldStarts) {
        stopRunning();
      }
    }
    return List.copyOf(coldStarts);
  }

  /** Every cold start so far, with its stop time once stopped. */
  List<ColdStart> coldStartsSoFar() {
    return List.copyOf(coldStarts);
  }

  boolean hasRunningNode() {
    return running != null;
  }

  /** Lets the running node idle, then reads the memory of its daemon and every descendant. */
  Memory idleMemory() throws IOException, InterruptedException {
    Node node = requireRunning();
    BenchMain.say("node: idle for " + options.idleSeconds + " s before reading memory");
    Thread.sleep(Duration.ofSeconds(options.idleSeconds).toMillis());
    ProcessHandle daemon = node.daemon().toHandle();
    processes.rememberDescendants(daemon);
    return new Memory(Duration.ofSeconds(options.idleSeconds), ProcMemory.node(daemon));
  }

  /** Runs {@code snowfox node info} against the running node, timing each run. */
  Cli cliLatency() throws IOException, InterruptedException {
    Node node = requireRunning();
    List<String> command = List.of(options.launcher().toString(), "node", "info",
        "--api", "http://127.0.0.1:" + node.httpPort(),
        "--data-dir", node.dir().resolve("data").toString());
    List<Duration> runs = new ArrayList<>();
    for (int i = 1; i <= options.cliRuns; i++) {
      Path out = node.dir().resolve("cli-" + i + ".out");
      Path err = node.dir().resolve("cli-" + i + ".err");
      long start = System.nanoTime();
      Process cli = processes.start(new ProcessBuilder(command)
          .redirectOutput(out.toFile()).redirectError(err.toFile()));
      boolean ended = cli.waitFor(CLI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      processes.stop(cli.toHandle(), Duration.ZERO);
      if (!ended) {
        throw new IllegalStateException("snowfox node info did not end within "
            + CLI_TIMEOUT.toSeconds() + " s");
      }
      if (cli.exitValue() != 0) {
        throw new IllegalStateException("snowfox node info exited with " + cli.exitValue()
            + ": " + BusBench.tail(err));
      }
      runs.add(elapsed);
      BenchMain.say("node: snowfox node info took " + elapsed.toMillis() + " ms");
    }
    List<Duration> inProcess = new ArrayList<>();
    HttpRequest request = nodesRequest(node);
    for (int i = 0; i < IN_PROCESS_REQUESTS; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      inProcess.add(Duration.ofNanos(System.nanoTime() - start));
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /v1/nodes answered " + response.statusCode());
      }
    }
    return new Cli(command, runs, inProcess);
  }

  /** SIGTERM to the running daemon; waits for it and its descendants, records the stop time. */
  void stopRunning() {
    Node node = running;
    if (node == null) {
      return;
    }
    running = null;
    Processes.Stop stop = processes.stop(node.daemon().toHandle(), STOP_GRACE);
    BenchMain.say("node: run " + node.run() + " stopped in " + stop.elapsed().toMillis() + " ms"
        + (stop.killed() > 0 ? " (" + stop.killed() + " killed)" : ""));
    for (int i = 0; i < coldStarts.size(); i++) {
      ColdStart start = coldStarts.get(i);
      if (start.run() == node.run()) {
        coldStarts.set(i, new ColdStart(start.run(), start.firstAnswer(), start.green(),
            stop.elapsed(), stop.killed()));
      }
    }
  }

  private Node launch(int run, String dirName, Launch extras) throws IOException {
    return launch(run, NODE_ID, dirName, Ports.free(), Ports.free(), extras);
  }

  /**
   * Launches {@code snowfox daemon} for node {@code nodeId} in {@code workDir/<dirName>} on the
   * given ports, without waiting; a node launched again in the same directory keeps its data
   * and appends to its console file. The caller stops it with {@link Processes#stop}.
   */
  Node launch(int run, String nodeId, String dirName, int clusterPort, int httpPort,
      Launch extras) throws IOException {
    Path dir = Files.createDirectories(workDir.resolve(dirName));
    List<String> command = new ArrayList<>(List.of(options.launcher().toString(), "daemon",
        "--node-id", nodeId,
        "--data-dir", dir.resolve("data").toString(),
        "--cluster-name", clusterName,
        "--cluster-port", Integer.toString(clusterPort),
        "--http-port", Integer.toString(httpPort)));
    command.addAll(extras.daemonArgs());
    BenchMain.say("node: start " + dirName + ": " + String.join(" ", command)
        + (extras.environment().isEmpty() ? "" : " with " + extras.environment()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.out").toFile()));
    builder.environment().putAll(extras.environment());
    long launched = System.nanoTime();
    Process daemon = processes.start(builder);
    return new Node(run, nodeId, daemon, launched, httpPort, dir);
  }

  /**
   * Polls {@code GET /v1/nodes} of the node's own API every {@link #POLL_INTERVAL} until it
   * shows the node GREEN.
   */
  ColdStart awaitGreen(Node node, Duration timeout) throws InterruptedException {
    Duration firstAnswer = null;
    String lastStatus = "no answer";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long nextPoll = System.nanoTime() + POLL_INTERVAL.toNanos();
      if (!node.daemon().isAlive()) {
        throw new IllegalStateException("the daemon exited with " + node.daemon().exitValue()
            + " before GREEN; its output: " + BusBench.tail(node.dir().resolve("console.out")));
      }
      try {
        HttpResponse<String> response = http.send(nodesRequest(node),
            HttpResponse.BodyHandlers.ofString());
        Duration since = Duration.ofNanos(System.nanoTime() - node.launchedNanos());
        if (firstAnswer == null) {
          firstAnswer = since;
        }
        lastStatus = response.statusCode() + " " + field(response.body(), node.nodeId(),
            "status");
        if (response.statusCode() == 200 && lastStatus.endsWith(" RED")) {
          // Crash-looping: the daemon goes on restarting the child, but waiting is pointless.
          throw new IllegalStateException("node RED " + since.toSeconds() + " s after its "
              + "launch: " + field(response.body(), node.nodeId(), "reason"));
        }
        if (response.statusCode() == 200 && lastStatus.endsWith(" GREEN")) {
          processes.rememberDescendants(node.daemon().toHandle());
          BenchMain.say("node: " + node.dir().getFileName() + ": GREEN after "
              + since.toMillis() + " ms");
          return new ColdStart(node.run(), firstAnswer, since, null, 0);
        }
      } catch (IOException e) {
        lastStatus = e.getClass().getSimpleName();
      }
      processes.rememberDescendants(node.daemon().toHandle());
      long pause = nextPoll - System.nanoTime();
      if (pause > 0) {
        TimeUnit.NANOSECONDS.sleep(pause);
      }
    }
    throw new IllegalStateException("node not GREEN within " + timeout.toSeconds()
        + " s; last answer: " + lastStatus);
  }

  /** {@code GET /v1/nodes} with the node's management token, once the node has written it. */
  private static HttpRequest nodesRequest(Node node) throws IOException {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.api().resolve("/v1/nodes"))
        .timeout(HTTP_TIMEOUT).GET();
    io.snowfox.runtime.security.ManagementToken.read(node.dir().resolve("data"))
        .ifPresent(token -> request.header("Authorization", "Bearer " + token));
    return request.build();
  }

  /** A field of node {@code nodeId} in a {@code GET /v1/nodes} answer, or "absent". */
  private static String field(String body, String nodeId, String name) {
    try {
      JsonArray nodes = new JsonObject(body).getJsonArray("nodes", new JsonArray());
      for (int i = 0; i < nodes.size(); i++) {
        JsonObject node = nodes.getJsonObject(i);
        if (nodeId.equals(node.getString("node_id"))) {
          return node.getString(name, "");
        }
      }
      return "absent";
    } catch (RuntimeException e) {
      return "unparsable";
    }
  }

  private Node requireRunning() {
    if (running == null) {
      throw new IllegalStateException("no node running (the cold starts failed)");
    }
    return running;
  }
}
