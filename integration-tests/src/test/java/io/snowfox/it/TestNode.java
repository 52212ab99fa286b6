package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real SnowFox node for a test: {@code bin/snowfox daemon} in its own data dir on free
 * loopback ports. Every pid it is seen to run is remembered, and {@link #close()} kills
 * whatever of them is still alive, by pid.
 *
 * <p>Nodes of one test JVM are members of one cluster, so they share its TLS material: made
 * once per JVM by {@code snowfox tls init} (see {@link #sharedTls()}) and given to every daemon
 * with {@code --tls-dir}. {@link #startAlone} leaves it out: that daemon makes material of its
 * own, as a first {@code snowfox} on a machine does.
 */
final class TestNode implements AutoCloseable {

  static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  final String nodeId;
  final Path dataDir;
  final int clusterPort;
  final int httpPort;
  private final Process daemon;
  private final Set<Long> seenPids = new HashSet<>();
  /** Runs the node's API said it had when it was closed: pid and run id. */
  private final Map<Long, String> runs = new HashMap<>();
  private List<String> extraArgs = List.of();

  private TestNode(String nodeId, Path dataDir, int clusterPort, int httpPort, Process daemon) {
    this.nodeId = nodeId;
    this.dataDir = dataDir;
    this.clusterPort = clusterPort;
    this.httpPort = httpPort;
    this.daemon = daemon;
    seenPids.add(daemon.pid());
  }

  /** The cluster TLS material every node of this JVM shares, made on first use. */
  private static Path sharedTls;

  /** Starts a daemon with the JVM's shared TLS material; {@code extraArgs} are added. */
  static TestNode start(String nodeId, List<String> extraArgs) throws IOException {
    return start(nodeId, Ports.free(), Ports.free(), extraArgs);
  }

  /**
   * Starts a daemon with the JVM's shared TLS material on ports chosen beforehand (nodes that
   * must know each other's cluster ports as seeds before any of them starts).
   */
  static TestNode start(String nodeId, int clusterPort, int httpPort, List<String> extraArgs)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("--tls-dir", sharedTls().toString()));
    args.addAll(extraArgs);
    return start(nodeId, newDataDir(nodeId), clusterPort, httpPort, args);
  }

  /**
   * Starts a daemon as {@code nohup snowfox daemon} would: with SIGHUP ignored from its first
   * instruction, a disposition every program it starts inherits unless someone resets it.
   */
  static TestNode startIgnoringHangup(String nodeId, List<String> extraArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--tls-dir", sharedTls().toString()));
    args.addAll(extraArgs);
    return start(List.of("/usr/bin/env", "--ignore-signal=HUP", Cli.launcher().toString(),
        "daemon"), nodeId, newDataDir(nodeId), Ports.free(), Ports.free(), args);
  }

  /**
   * Starts a daemon without TLS material of the JVM's cluster: unless {@code extraArgs} give a
   * {@code --tls-dir}, it makes a CA and a certificate of its own in its data dir at start.
   */
  static TestNode startAlone(String nodeId, List<String> extraArgs) throws IOException {
    return start(nodeId, newDataDir(nodeId), Ports.free(), Ports.free(), extraArgs);
  }

  /**
   * Starts a daemon with the JVM's shared TLS material on a data dir prepared beforehand (one
   * from {@link #newDataDir}, with a store written into it).
   */
  static TestNode startIn(Path dataDir, String nodeId, List<String> extraArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("--tls-dir", sharedTls().toString()));
    args.addAll(extraArgs);
    return start(nodeId, dataDir, Ports.free(), Ports.free(), args);
  }

  static Path newDataDir(String nodeId) throws IOException {
    return Files.createDirectories(root().resolve(nodeId + "-" + System.nanoTime()))
        .toAbsolutePath();
  }

  /**
   * The TLS dir of this JVM's cluster: a CA, one node certificate every test node uses, and the
   * cluster key, made once with the CLI's {@code tls init}.
   */
  static synchronized Path sharedTls() {
    if (sharedTls == null) {
      Path dir = root().resolve("cluster-tls-" + ProcessHandle.current().pid()).toAbsolutePath();
      try {
        Cli.Result made = Cli.run("tls", "init", "--tls-dir", dir.toString(), "--node-id", "it");
        if (made.exitCode() != 0) {
          throw new AssertionError("snowfox tls init failed: " + made.err());
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted making TLS material", e);
      }
      sharedTls = dir;
    }
    return sharedTls;
  }

  private static Path root() {
    return Path.of(System.getProperty("snowfox.test.dir", "target/it"));
  }

  /** The name of the cluster every node of this JVM joins. */
  static String clusterName() {
    return "it-" + ProcessHandle.current().pid();
  }

  /** Starts a new daemon for a stopped node: same id, data dir and ports. */
  static TestNode restart(TestNode stopped) throws IOException {
    return start(stopped.nodeId, stopped.dataDir, stopped.clusterPort, stopped.httpPort,
        stopped.extraArgs);
  }

  /** Starts a new daemon for a stopped node as {@link #restart(TestNode)}, with more arguments. */
  static TestNode restart(TestNode stopped, List<String> moreArgs) throws IOException {
    List<String> args = new ArrayList<>(stopped.extraArgs);
    args.addAll(moreArgs);
    return start(stopped.nodeId, stopped.dataDir, stopped.clusterPort, stopped.httpPort, args);
  }

  private static TestNode start(String nodeId, Path dataDir, int clusterPort, int httpPort,
      List<String> extraArgs) throws IOException {
    return start(List.of(Cli.launcher().toString(), "daemon"), nodeId, dataDir, clusterPort,
        httpPort, extraArgs);
  }

  /**
   * Starts a node with {@code launcher} and no command, as an operator types
   * {@code snowfox --data-dir DIR ...} (the daemon is the default command).
   */
  static TestNode startWithoutCommand(Path launcher, String nodeId, List<String> extraArgs)
      throws IOException {
    return start(List.of(launcher.toString()), nodeId, newDataDir(nodeId), Ports.free(),
        Ports.free(), extraArgs);
  }

  private static TestNode start(List<String> launch, String nodeId, Path dataDir,
      int clusterPort, int httpPort, List<String> extraArgs) throws IOException {
    List<String> command = new ArrayList<>(launch);
    command.addAll(List.of(
        "--node-id", nodeId,
        "--data-dir", dataDir.toString(),
        "--cluster-name", clusterName(),
        "--cluster-port", Integer.toString(clusterPort),
        "--http-port", Integer.toString(httpPort)));
    command.addAll(extraArgs);
    Process daemon = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.out").toFile()))
        .start();
    TestNode node = new TestNode(nodeId, dataDir, clusterPort, httpPort, daemon);
    Tokens.register(node.apiUrl(), dataDir);
    node.extraArgs = List.copyOf(extraArgs);
    return node;
  }

  String apiUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The node's management token (written on its first start). */
  String token() {
    String token = Tokens.forUrl(apiUrl());
    if (token == null) {
      throw new AssertionError("node " + nodeId + " has no management token yet");
    }
    return token;
  }

  String seed() {
    return "127.0.0.1:" + clusterPort;
  }

  long daemonPid() {
    return daemon.pid();
  }

  Process daemonProcess() {
    return daemon;
  }

  /** {@code snowfox node info NODE --json}, through the given API. */
  JsonObject info(String api) throws Exception {
    Cli.Result result = Cli.run("node", "info", nodeId, "--json", "--api", api);
    assertThat(result.exitCode()).as("node info exit code; stderr: %s", result.err()).isZero();
    JsonObject body = new JsonObject(result.out());
    remember(body.getJsonObject("node"));
    return body;
  }

  JsonObject info() throws Exception {
    return info(apiUrl());
  }

  /** Waits until the node reports {@code status} and returns its last answer. */
  JsonObject awaitStatus(String api, String status) {
    JsonObject[] last = new JsonObject[1];
    eventually(START_TIMEOUT, () -> {
      assertThat(daemon.isAlive()).as("daemon of %s is alive", nodeId).isTrue();
      last[0] = info(api).getJsonObject("node");
      assertThat(last[0].getString("status")).as("status of %s: %s", nodeId, last[0])
          .isEqualTo(status);
    });
    return last[0];
  }

  /** The ids of every job this node's API lists, each of which must have completed. */
  List<String> completeJobIds() throws Exception {
    io.vertx.core.json.JsonArray jobs = Http.get(apiUrl() + "/v1/jobs").json()
        .getJsonArray("jobs");
    List<String> listed = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      listed.add(jobs.getJsonObject(i).getString("id"));
      org.assertj.core.api.Assertions.assertThat(jobs.getJsonObject(i).getString("state"))
          .isEqualTo("complete");
    }
    return listed;
  }

  JsonObject awaitGreen() {
    return awaitStatus(apiUrl(), "GREEN");
  }

  /** The subsystem {@code name} of a node answer. */
  static JsonObject subsystem(JsonObject node, String name) {
    JsonArray parts = node.getJsonArray("subsystems");
    for (int i = 0; i < parts.size(); i++) {
      if (name.equals(parts.getJsonObject(i).getString("name"))) {
        return parts.getJsonObject(i);
      }
    }
    throw new AssertionError("no subsystem " + name + " in " + node);
  }

  void remember(JsonObject node) {
    if (node == null) {
      return;
    }
    JsonArray parts = node.getJsonArray("subsystems", new JsonArray());
    for (int i = 0; i < parts.size(); i++) {
      long pid = parts.getJsonObject(i).getLong("pid", 0L);
      if (pid > 0) {
        synchronized (seenPids) {
          seenPids.add(pid);
        }
      }
    }
  }

  /** Every pid of this node seen so far that is still alive. */
  List<Long> livePids() {
    List<Long> alive = new ArrayList<>();
    synchronized (seenPids) {
      for (long pid : seenPids) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          alive.add(pid);
        }
      }
    }
    return alive;
  }

  /** The lines of a role's JSON log. */
  List<String> logLines(String role) throws IOException {
    Path log = dataDir.resolve("logs").resolve(role + ".log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  /**
   * SIGKILLs every process of the node at once, children before the daemon so that none of them
   * sees its parent go and shuts down in order: the node crashes as in a power cut of its JVMs.
   */
  void crash() throws InterruptedException {
    List<ProcessHandle> children = daemon.toHandle().children().toList();
    synchronized (seenPids) {
      children.forEach(p -> seenPids.add(p.pid()));
    }
    children.forEach(ProcessHandle::destroyForcibly);
    daemon.destroyForcibly();
    daemon.waitFor(30, TimeUnit.SECONDS);
  }

  /** The pids of every process under the daemon: its children and their workloads. */
  List<Long> descendants() {
    List<Long> pids = daemon.toHandle().descendants().map(ProcessHandle::pid).toList();
    synchronized (seenPids) {
      seenPids.addAll(pids);
    }
    return pids;
  }

  static void kill(long pid, boolean force) {
    ProcessHandle.of(pid).ifPresent(p -> {
      if (force) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
    });
  }

  @Override
  public void close() throws InterruptedException {
    synchronized (seenPids) {
      daemon.toHandle().descendants().forEach(p -> seenPids.add(p.pid()));
    }
    if (daemon.isAlive()) {
      rememberRuns();
      daemon.destroy();
      daemon.waitFor(30, TimeUnit.SECONDS);
    }
    for (long pid : livePids()) {
      kill(pid, true);
    }
    daemon.destroyForcibly();
    // A run its spawner adopted after a restart is no descendant of the daemon; a node that
    // stops in order stops it, one stopped after a failure may not have.
    runs.forEach((pid, runId) -> {
      if (isRun(pid, runId)) {
        ProcessHandle.of(pid).ifPresent(run -> {
          run.descendants().forEach(ProcessHandle::destroyForcibly);
          run.destroyForcibly();
        });
      }
    });
  }

  /**
   * Asks the node's API (for a few seconds at most) which runs are on this node, and remembers
   * their pids and run ids for {@link #close()}. Nothing when the API does not answer.
   */
  private void rememberRuns() throws InterruptedException {
    String token = Tokens.forUrl(apiUrl());
    if (token == null) {
      return;
    }
    try {
      java.net.http.HttpResponse<String> answer = Http.client().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(apiUrl() + "/v1/jobs"))
              .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
              .GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        return;
      }
      JsonArray jobs = new JsonObject(answer.body()).getJsonArray("jobs", new JsonArray());
      for (int j = 0; j < jobs.size(); j++) {
        JsonArray instances = jobs.getJsonObject(j).getJsonArray("instances", new JsonArray());
        for (int i = 0; i < instances.size(); i++) {
          JsonObject instance = instances.getJsonObject(i);
          long pid = instance.getLong("pid", 0L);
          String runId = instance.getString("run_id", "");
          if (nodeId.equals(instance.getString("node")) && pid > 0 && !runId.isEmpty()) {
            runs.put(pid, runId);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // The API is down, or no manager leads: the descendants and seen pids are all there is.
    }
  }

  /** Whether {@code pid} is still the run {@code runId}: a pid may have been reused since. */
  private static boolean isRun(long pid, String runId) {
    try {
      String environment = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid),
          "environ")), java.nio.charset.StandardCharsets.ISO_8859_1);
      return List.of(environment.split("\0")).contains("SNOWFOX_RUN_ID=" + runId);
    } catch (IOException e) {
      return false;
    }
  }
}
