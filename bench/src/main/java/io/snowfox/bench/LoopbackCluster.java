package io.snowfox.bench;

import io.snowfox.client.Node;
import io.snowfox.client.Subsystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Several SnowFox nodes of one cluster on loopback: {@code snowfox daemon} of the built
 * distribution, each with its own node id, data dir, cluster port and API port, and a
 * certificate of one cluster CA ({@code snowfox tls init}, as docs/operations.md tells). Nodes
 * start one after the other, each seeded with the nodes already up, and each must be GREEN
 * before the next starts. A node killed and started again keeps its data dir and its ports.
 *
 * <p>Every process is started through {@link Processes}, which stops it by pid whatever
 * happens; {@link #close()} stops the nodes still up, one after the other.
 */
final class LoopbackCluster implements AutoCloseable {

  /** A client command ({@code tls init}) is a short JVM run. */
  static final Duration CLI_BOUND = Duration.ofSeconds(60);
  /** How long a node of a loaded 2-core machine may take to report GREEN. */
  static final Duration GREEN_TIMEOUT = Duration.ofSeconds(180);
  static final Duration LOOK_INTERVAL = Duration.ofMillis(200);

  /** One node's place in the cluster: fixed for the cluster's life. */
  private static final class Slot {
    final String nodeId;
    final String dirName;
    final int clusterPort;
    final int httpPort;
    NodeBench.Node node;
    JobsApi api;

    Slot(String nodeId, String dirName, int clusterPort, int httpPort) {
      this.nodeId = nodeId;
      this.dirName = dirName;
      this.clusterPort = clusterPort;
      this.httpPort = httpPort;
    }
  }

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;
  private final NodeBench nodes;
  private final NodeBench.Launch launch;
  private final List<Slot> slots = new ArrayList<>();
  /** Node ids in the order they joined, oldest first (a node started again joins last). */
  private final List<String> joinOrder = new ArrayList<>();
  private int launches;

  /**
   * A cluster named {@code name} of {@code size} nodes, {@code name-1} to {@code name-N} under
   * {@code workDir}; {@code daemonArgs} are added to every daemon's command line.
   */
  private LoopbackCluster(BenchOptions options, Processes processes, Path workDir, String name,
      int size, List<String> daemonArgs) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
    this.nodes = new NodeBench(options, processes, workDir,
        name + "-" + ProcessHandle.current().pid());
    this.launch = new NodeBench.Launch(List.copyOf(daemonArgs), Map.of());
    // Two look-ups of a free port may give the same one: no port is handed out twice.
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < 2 * size) {
      ports.add(Ports.free());
    }
    List<Integer> free = List.copyOf(ports);
    for (int i = 0; i < size; i++) {
      slots.add(new Slot("n" + (i + 1), name + "-n" + (i + 1), free.get(2 * i),
          free.get(2 * i + 1)));
    }
  }

  /** Makes the TLS material, then starts the nodes one after the other, each until GREEN. */
  static LoopbackCluster start(BenchOptions options, Processes processes, Path workDir,
      String name, int size, List<String> daemonArgs) throws Exception {
    LoopbackCluster cluster = new LoopbackCluster(options, processes, workDir, name, size,
        daemonArgs);
    try {
      cluster.tlsInit();
      for (int slot = 0; slot < size; slot++) {
        cluster.startNode(slot);
      }
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  int size() {
    return slots.size();
  }

  String nodeId(int slot) {
    return slots.get(slot).nodeId;
  }

  /** The slot of node {@code nodeId}. */
  int slotOf(String nodeId) {
    for (int slot = 0; slot < slots.size(); slot++) {
      if (slots.get(slot).nodeId.equals(nodeId)) {
        return slot;
      }
    }
    throw new IllegalArgumentException("no node " + nodeId);
  }

  boolean isUp(int slot) {
    return slots.get(slot).node != null;
  }

  /** The node ids that are up, oldest member first. */
  List<String> joinOrder() {
    return List.copyOf(joinOrder);
  }

  Path dataDir(int slot) {
    return workDir.resolve(slots.get(slot).dirName).resolve("data");
  }

  /** The daemon of an up node. */
  ProcessHandle daemon(int slot) {
    return up(slot).node.daemon().toHandle();
  }

  /** The daemons of the nodes up: pid to node id. */
  Map<Long, String> daemons() {
    Map<Long, String> daemons = new java.util.HashMap<>();
    for (Slot s : slots) {
      if (s.node != null) {
        daemons.put(s.node.daemon().pid(), s.nodeId);
      }
    }
    return daemons;
  }

  /** The API of an up node, with the node's management token (valid on every node). */
  JobsApi api(int slot) throws IOException {
    Slot s = up(slot);
    if (s.api == null) {
      s.api = new JobsApi(s.node.api(), dataDir(slot));
    }
    return s.api;
  }

  /** As {@link #api(int)}, each request given up after {@code timeout}. */
  JobsApi api(int slot, Duration timeout) throws IOException {
    return new JobsApi(up(slot).node.api(), dataDir(slot), timeout);
  }

  /** The node's PSS (daemon and every descendant, jobs included), KiB, over the nodes up. */
  long pssKib() throws IOException {
    long kib = 0;
    for (int slot = 0; slot < slots.size(); slot++) {
      if (isUp(slot)) {
        kib += ProcMemory.pssKib(ProcMemory.node(daemon(slot)));
      }
    }
    return kib;
  }

  /**
   * Starts a node that is down again, on its data dir and ports, seeded with the nodes up,
   * and waits until it is GREEN; returns launch to GREEN.
   */
  Duration startNode(int slot) throws Exception {
    Slot s = slots.get(slot);
    if (s.node != null) {
      throw new IllegalStateException(s.nodeId + " is already up");
    }
    List<String> args = new ArrayList<>(launch.daemonArgs());
    for (Slot other : slots) {
      if (other.node != null) {
        args.add("--seed");
        args.add("127.0.0.1:" + other.clusterPort);
      }
    }
    NodeBench.Node node = nodes.launch(++launches, s.nodeId, s.dirName, s.clusterPort,
        s.httpPort, new NodeBench.Launch(args, launch.environment()));
    try {
      NodeBench.ColdStart green = nodes.awaitGreen(node, GREEN_TIMEOUT);
      s.node = node;
      joinOrder.add(s.nodeId);
      return green.green();
    } catch (Exception e) {
      processes.stop(node.daemon().toHandle(), NodeBench.STOP_GRACE);
      throw e;
    }
  }

  /**
   * SIGKILL to every process of an up node at once, as when its machine dies ({@link
   * NodeKill}): its daemon's tree, {@code reported} (pids the caller knows are the node's, such
   * as its instances') and the pids the node's API gives for its subsystems. The node is down
   * from then on.
   */
  NodeKill kill(int slot, Set<Long> reported) throws IOException, InterruptedException {
    Slot s = up(slot);
    ProcessHandle daemon = s.node.daemon().toHandle();
    NodeKill kill = NodeKill.of(daemon, reported, subsystemPids(slot), dataDir(slot));
    s.node = null;
    s.api = null;
    joinOrder.remove(s.nodeId);
    try {
      processes.stop(daemon, Duration.ZERO); // no longer tracked: nothing of it is left
    } catch (RuntimeException e) {
      BenchMain.say("cluster: " + s.nodeId + ": " + e.getMessage());
    }
    BenchMain.say("cluster: " + s.nodeId + " killed: " + kill);
    return kill;
  }

  /**
   * Waits until {@code slot}'s API lists exactly the cluster's nodes, every one GREEN, and
   * returns how long that took; a node down is listed UNREACHABLE, so this waits for every
   * node to be up.
   */
  Duration awaitAllGreen(int slot, Duration timeout) throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      long look = System.nanoTime();
      try {
        Map<String, String> status = new TreeMap<>();
        for (Node node : api(slot).nodes()) {
          status.put(node.nodeId(), node.status());
        }
        last = status.toString();
        if (status.size() == slots.size() && status.values().stream().allMatch("GREEN"::equals)
            && slots.stream().allMatch(s -> status.containsKey(s.nodeId))) {
          return Duration.ofNanos(System.nanoTime() - start);
        }
      } catch (IOException e) {
        last = e.getMessage();
      }
      Series.sleepUntil(look + LOOK_INTERVAL.toNanos());
    }
    throw new IllegalStateException("the cluster's nodes not all GREEN within "
        + timeout.toSeconds() + " s; last answer: " + last);
  }

  /** Stops every node still up, the youngest first; says what could not be stopped. */
  @Override
  public void close() {
    for (int i = joinOrder.size() - 1; i >= 0; i--) {
      Slot s = slots.get(slotOf(joinOrder.get(i)));
      try {
        Processes.Stop stop = processes.stop(s.node.daemon().toHandle(), NodeBench.STOP_GRACE);
        BenchMain.say("cluster: " + s.nodeId + " stopped in " + stop.elapsed().toMillis()
            + " ms");
      } catch (RuntimeException e) {
        BenchMain.say("cluster: stopping " + s.nodeId + ": " + e.getMessage());
      }
      s.node = null;
      s.api = null;
    }
    joinOrder.clear();
  }

  /**
   * One CA for the cluster, made in the first node's TLS dir, and a certificate of it for each
   * other node: what a daemon started with {@code --seed} needs before it may join.
   */
  private void tlsInit() throws IOException, InterruptedException {
    Path caDir = null;
    for (int slot = 0; slot < slots.size(); slot++) {
      List<String> command = new ArrayList<>(List.of(options.launcher().toString(), "tls",
          "init", "--data-dir", Files.createDirectories(dataDir(slot)).toString(), "--node-id",
          slots.get(slot).nodeId));
      if (caDir != null) {
        command.add("--ca");
        command.add(caDir.toString());
      }
      String output = processes.output(command, CLI_BOUND);
      if (!Files.isRegularFile(dataDir(slot).resolve("tls").resolve("node.pem"))) {
        throw new IllegalStateException("snowfox tls init made no certificate for "
            + slots.get(slot).nodeId + ": " + output);
      }
      if (caDir == null) {
        caDir = dataDir(slot).resolve("tls");
      }
    }
  }

  /** The pids the node's API gives for its daemon and children; none when it cannot say. */
  private Set<Long> subsystemPids(int slot) {
    Set<Long> pids = new LinkedHashSet<>();
    try {
      for (Node node : api(slot).nodes()) {
        if (slots.get(slot).nodeId.equals(node.nodeId())) {
          for (Subsystem part : node.subsystems()) {
            long pid = part.pid();
            if (pid > 0) {
              pids.add(pid);
            }
          }
        }
      }
    } catch (IOException e) {
      BenchMain.say("cluster: " + slots.get(slot).nodeId + "'s API gave no pids: "
          + e.getMessage());
    }
    return pids;
  }

  private Slot up(int slot) {
    Slot s = slots.get(slot);
    if (s.node == null) {
      throw new IllegalStateException(s.nodeId + " is down");
    }
    return s;
  }
}
