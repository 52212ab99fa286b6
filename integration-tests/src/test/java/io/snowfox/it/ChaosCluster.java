package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Three nodes on loopback, each daemon seeded with the other two, as an operator would list
 * them: a daemon the test kills is started again, as a service manager would, on the same
 * data dir and ports, and rejoins whichever of the others are up. Every process is found by
 * pid (from the API's node answer, checked against the daemon's own descendants) and every
 * incarnation of every node is closed at the end.
 */
final class ChaosCluster implements AutoCloseable {

  static final List<String> ROLES = List.of("daemon", "spawner", "manager", "api");
  private static final Duration CHILDREN_GONE = Duration.ofSeconds(20);

  private final Map<String, TestNode> current = new LinkedHashMap<>();
  private final List<TestNode> incarnations = new CopyOnWriteArrayList<>();
  private final Set<Long> frozen = ConcurrentHashMap.newKeySet();
  private final ChaosTimeline timeline;

  private ChaosCluster(ChaosTimeline timeline) {
    this.timeline = timeline;
  }

  /**
   * Starts {@code prefix}-a, -b and -c, each daemon given {@code extraArgs}, and waits until all
   * three are GREEN.
   */
  static ChaosCluster start(String prefix, ChaosTimeline timeline, List<String> extraArgs)
      throws IOException {
    ChaosCluster cluster = new ChaosCluster(timeline);
    List<String> ids = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
    Map<String, Integer> clusterPorts = new LinkedHashMap<>();
    ids.forEach(id -> clusterPorts.put(id, Ports.free()));
    try {
      for (String id : ids) {
        List<String> args = new ArrayList<>(extraArgs);
        clusterPorts.forEach((other, port) -> {
          if (!other.equals(id)) {
            args.addAll(List.of("--seed", "127.0.0.1:" + port));
          }
        });
        TestNode node = TestNode.start(id, clusterPorts.get(id), Ports.free(), args);
        cluster.incarnations.add(node);
        synchronized (cluster) {
          cluster.current.put(id, node);
        }
        if (id.equals(ids.get(0))) {
          // The first forms the cluster; the others then join it rather than each other.
          node.awaitGreen();
        }
      }
      cluster.awaitAllGreen(TestNode.START_TIMEOUT);
      return cluster;
    } catch (RuntimeException | Error | IOException e) {
      cluster.close();
      throw e;
    }
  }

  synchronized List<String> nodeIds() {
    return List.copyOf(current.keySet());
  }

  synchronized TestNode node(String nodeId) {
    return current.get(nodeId);
  }

  synchronized List<String> apiUrls() {
    return current.values().stream().map(TestNode::apiUrl).toList();
  }

  /** Every data dir, one per node whatever its incarnations. */
  synchronized List<Path> dataDirs() {
    return current.values().stream().map(node -> node.dataDir).toList();
  }

  /** The first API that answers {@code GET path} with 200; empty when none does. */
  Optional<JsonObject> get(String path) {
    for (String api : apiUrls()) {
      Optional<JsonObject> body = ask(api, path);
      if (body.isPresent()) {
        return body;
      }
    }
    return Optional.empty();
  }

  /** The list of jobs of every API that answers, by API URL. */
  Map<String, JsonArray> jobsByApi() {
    Map<String, JsonArray> listings = new LinkedHashMap<>();
    for (String api : apiUrls()) {
      ask(api, "/v1/jobs").ifPresent(body -> listings.put(api, body.getJsonArray("jobs")));
    }
    return listings;
  }

  private static Optional<JsonObject> ask(String api, String path) {
    try {
      Http.Answer answer = Http.get(api + path);
      return answer.status() == 200 ? Optional.of(answer.json()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty(); // that API is down
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * The pid of a node's process in {@code role}, from the node answer of any API, when it is
   * the daemon this test started or one of its descendants; 0 when it is not known to run.
   */
  long pidOf(String nodeId, String role) {
    TestNode node = node(nodeId);
    if (role.equals("daemon")) {
      return node.daemonProcess().isAlive() ? node.daemonPid() : 0;
    }
    JsonObject view = get("/v1/nodes/" + nodeId).map(body -> body.getJsonObject("node"))
        .orElse(null);
    if (view == null) {
      return 0;
    }
    node.remember(view);
    long pid = TestNode.subsystem(view, role).getLong("pid", 0L);
    boolean ours = node.daemonProcess().toHandle().descendants()
        .anyMatch(p -> p.pid() == pid);
    return pid > 0 && ours ? pid : 0;
  }

  /**
   * SIGKILLs a node's daemon, waits for its children to notice (they exit when their stdin,
   * the daemon's pipe, closes), then starts the daemon again on the same data dir and ports.
   */
  void killDaemonAndRestart(String nodeId) throws IOException, InterruptedException {
    TestNode node = node(nodeId);
    List<ProcessHandle> children = node.daemonProcess().toHandle().children().toList();
    node.daemonProcess().destroyForcibly();
    node.daemonProcess().waitFor(30, TimeUnit.SECONDS);
    timeline.add("kill -9 daemon of " + nodeId + " (pid " + node.daemonPid() + ")");
    restart(nodeId, children);
  }

  /** Starts again every daemon that ended by itself (nothing but the test restarts one). */
  void restartExitedDaemons() throws IOException, InterruptedException {
    for (String nodeId : nodeIds()) {
      Process daemon = node(nodeId).daemonProcess();
      if (!daemon.isAlive()) {
        timeline.add("the daemon of " + nodeId + " (pid " + daemon.pid()
            + ") had exited by itself, exit code " + daemon.exitValue());
        restart(nodeId, List.of());
      }
    }
  }

  private void restart(String nodeId, List<ProcessHandle> children)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + CHILDREN_GONE.toNanos();
    while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    List<Long> lingering = children.stream().filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid).toList();
    TestNode again = TestNode.restart(node(nodeId));
    incarnations.add(again);
    synchronized (this) {
      current.put(nodeId, again);
    }
    timeline.add("restarted daemon of " + nodeId + " (pid " + again.daemonPid() + ")"
        + (lingering.isEmpty() ? "" : "; children of the killed one still alive: " + lingering));
  }

  /** Sends {@code signal} (STOP, CONT) to one pid; a STOP is undone by {@link #close()}. */
  void signal(String signal, long pid, String what) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
        .redirectErrorStream(true).start();
    String out = new String(kill.getInputStream().readAllBytes());
    assertThat(kill.waitFor()).as("kill -s %s %d: %s", signal, pid, out).isZero();
    if (signal.equals("STOP")) {
      frozen.add(pid);
    } else if (signal.equals("CONT")) {
      frozen.remove(pid);
    }
    timeline.add("kill -" + signal + " " + what + " (pid " + pid + ")");
  }

  /** Waits until an API lists the three nodes, every one GREEN. */
  void awaitAllGreen(Duration within) {
    eventually(within, () -> {
      JsonObject body = get("/v1/nodes").orElseThrow(() -> new AssertionError("no API answers"));
      JsonArray nodes = body.getJsonArray("nodes");
      List<String> green = new ArrayList<>();
      for (int i = 0; i < nodes.size(); i++) {
        JsonObject view = nodes.getJsonObject(i);
        TestNode node = node(view.getString("node_id"));
        if (node != null) {
          node.remember(view);
        }
        if ("GREEN".equals(view.getString("status"))) {
          green.add(view.getString("node_id"));
        }
      }
      assertThat(green).as("GREEN nodes in %s", body.encode())
          .containsExactlyInAnyOrderElementsOf(nodeIds());
    });
  }

  /**
   * The node whose manager leads, from the managers' own logs: the one whose last word on
   * leadership is that it leads. Null unless exactly one says so.
   */
  String leaderNode() throws IOException {
    List<String> leaders = new ArrayList<>();
    for (String id : nodeIds()) {
      String last = null;
      for (String line : node(id).logLines("manager")) {
        if (line.contains("this manager leads") || line.contains("standing by")
            || line.contains("another manager leads now")) {
          last = line;
        }
      }
      if (last != null && last.contains("this manager leads")) {
        leaders.add(id);
      }
    }
    return leaders.size() == 1 ? leaders.get(0) : null;
  }

  @Override
  public void close() {
    for (long pid : frozen) {
      try {
        signal("CONT", pid, "frozen process at the end");
      } catch (Exception | AssertionError e) {
        // it may be gone; the close below kills it in any case
      }
    }
    List<TestNode> newestFirst = new ArrayList<>(incarnations);
    java.util.Collections.reverse(newestFirst);
    for (TestNode node : newestFirst) {
      try {
        node.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
