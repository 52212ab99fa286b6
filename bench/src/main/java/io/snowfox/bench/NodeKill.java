package io.snowfox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SIGKILL to every process of a node at once, as when its machine dies, and what that did.
 *
 * @param atNanos System.nanoTime() just before the first SIGKILL
 * @param at the wall clock then
 * @param tree processes of the daemon's tree killed: the daemon, its children and the processes
 *     they started, found by parent chain
 * @param outsideTree pids given as the node's that were not in the tree, killed (a workload a
 *     restarted spawner adopted has been re-parented away from it)
 * @param survivors processes still alive {@link Processes#KILL_WAIT} after SIGKILL
 * @param kinds what was killed: a role (daemon, spawner, ...) or "other: program", and how many
 */
record NodeKill(long atNanos, Instant at, List<Long> tree, List<Long> outsideTree,
    List<Long> survivors, Map<String, Integer> kinds) {

  /**
   * Kills the daemon first (so that it restarts nothing), then every descendant it has, then
   * those of {@code known} (pids the caller checked are the node's) and of {@code claimed}
   * (pids the node's API gave for its subsystems) that are alive and outside the tree; a
   * claimed pid only when its command line has {@code --data-dir <dataDir>}, so that a stale
   * pid never hits another process. Waits until all are gone.
   */
  static NodeKill of(ProcessHandle daemon, Set<Long> known, Set<Long> claimed, Path dataDir)
      throws InterruptedException {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(daemon);
    daemon.descendants().forEach(tree::add);
    Set<Long> inTree = new LinkedHashSet<>();
    tree.forEach(p -> inTree.add(p.pid()));
    Set<Long> outside = new LinkedHashSet<>(known);
    outside.addAll(claimed);
    outside.removeAll(inTree);
    List<ProcessHandle> all = new ArrayList<>(tree);
    List<Long> outsideTree = new ArrayList<>();
    for (long pid : outside) {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isPresent() && (known.contains(pid) || runsOn(pid, dataDir))) {
        all.add(process.get());
        outsideTree.add(pid);
      }
    }
    Map<String, Integer> kinds = new TreeMap<>();
    for (ProcessHandle process : all) {
      String kind;
      try {
        kind = ProcMemory.read(process).role();
      } catch (IOException e) {
        kind = "ended before the kill";
      }
      kinds.merge(kind, 1, Integer::sum);
    }
    Instant at = Instant.now();
    long atNanos = System.nanoTime();
    all.forEach(ProcessHandle::destroyForcibly);
    List<Long> survivors = new ArrayList<>();
    long deadline = System.nanoTime() + Processes.KILL_WAIT.toNanos();
    for (ProcessHandle process : all) {
      try {
        process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        if (process.isAlive()) {
          survivors.add(process.pid());
        }
      }
    }
    return new NodeKill(atNanos, at, List.copyOf(inTree), List.copyOf(outsideTree),
        List.copyOf(survivors), kinds);
  }

  @Override
  public String toString() {
    return tree.size() + " processes of its tree" + (outsideTree.isEmpty() ? ""
        : " and " + outsideTree + " outside it") + " " + kinds
        + (survivors.isEmpty() ? "" : "; STILL ALIVE: " + survivors);
  }

  /** Whether process {@code pid} has {@code --data-dir <dataDir>} on its command line. */
  private static boolean runsOn(long pid, Path dataDir) {
    try {
      List<String> args = List.of(new String(Files.readAllBytes(Path.of("/proc",
          Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).split("\0"));
      int at = args.indexOf("--data-dir");
      return at >= 0 && at + 1 < args.size()
          && Path.of(args.get(at + 1)).toAbsolutePath().equals(dataDir.toAbsolutePath());
    } catch (IOException e) {
      return false;
    }
  }
}
