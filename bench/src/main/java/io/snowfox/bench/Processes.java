package io.snowfox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every process the benchmark starts, with every descendant seen of it, so that all of them are
 * stopped by pid whatever happens: SIGTERM first, SIGKILL after a bound.
 *
 * <p>Descendants are remembered while their parent lives: once a daemon has exited, its children
 * are re-parented and {@link ProcessHandle#descendants()} no longer finds them. Handles carry the
 * process start time, so a recycled pid is never signalled.
 */
final class Processes {

  /** How long processes have after SIGKILL to disappear. */
  static final Duration KILL_WAIT = Duration.ofSeconds(5);
  /** Grace of the final clean-up, after a failure or an interruption. */
  static final Duration CLEANUP_GRACE = Duration.ofSeconds(20);

  /** The outcome of a stop: how long until every process of the tree was gone. */
  record Stop(Duration elapsed, int killed) {}

  private final Map<ProcessHandle, Set<ProcessHandle>> trees = new ConcurrentHashMap<>();

  /** Starts {@code builder} and tracks the process until {@link #stop} or {@link #stopAll}. */
  Process start(ProcessBuilder builder) throws IOException {
    Process process = builder.start();
    trees.put(process.toHandle(), ConcurrentHashMap.newKeySet());
    return process;
  }

  /** Remembers the live descendants of {@code root}, to stop them even after root is gone. */
  void rememberDescendants(ProcessHandle root) {
    Set<ProcessHandle> known = trees.get(root);
    if (known != null) {
      root.descendants().forEach(known::add);
    }
  }

  /** Descendants of {@code root} seen so far, alive or not. */
  List<ProcessHandle> descendantsSeen(ProcessHandle root) {
    rememberDescendants(root);
    Set<ProcessHandle> known = trees.get(root);
    return known == null ? List.of() : List.copyOf(known);
  }

  /**
   * SIGTERM to {@code root}, then waits until it and all its descendants have exited; whatever
   * is still alive after {@code grace} gets SIGKILL.
   */
  Stop stop(ProcessHandle root, Duration grace) {
    rememberDescendants(root);
    Set<ProcessHandle> tree = new LinkedHashSet<>();
    tree.add(root);
    tree.addAll(trees.getOrDefault(root, Set.of()));
    long start = System.nanoTime();
    root.destroy();
    List<ProcessHandle> left = awaitExit(tree, start + grace.toNanos());
    for (ProcessHandle process : left) {
      process.destroyForcibly();
    }
    List<ProcessHandle> survivors = awaitExit(left, System.nanoTime() + KILL_WAIT.toNanos());
    trees.remove(root);
    if (!survivors.isEmpty()) {
      throw new IllegalStateException("processes survived SIGKILL: " + pids(survivors));
    }
    return new Stop(Duration.ofNanos(System.nanoTime() - start), left.size());
  }

  /** Stops every tracked process tree still alive; safe to call more than once. */
  void stopAll() {
    for (ProcessHandle root : List.copyOf(trees.keySet())) {
      try {
        stop(root, CLEANUP_GRACE);
      } catch (RuntimeException e) {
        BenchMain.say("clean-up of pid " + root.pid() + ": " + e.getMessage());
      }
    }
  }

  /** Runs a short command and returns its output (stdout and stderr), bounded in time. */
  String output(List<String> command, Duration bound) throws IOException, InterruptedException {
    Path out = Files.createTempFile("snowfox-bench-", ".out");
    try {
      Process process = start(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(out.toFile()));
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process.toHandle(), Duration.ZERO);
        throw new IllegalStateException(String.join(" ", command) + " did not end within "
            + bound.toSeconds() + " s");
      }
      trees.remove(process.toHandle());
      return Files.readString(out, StandardCharsets.UTF_8).trim();
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static List<ProcessHandle> awaitExit(Iterable<ProcessHandle> processes,
      long deadlineNanos) {
    List<ProcessHandle> alive = new ArrayList<>();
    for (ProcessHandle process : processes) {
      long left = Math.max(0, deadlineNanos - System.nanoTime());
      try {
        process.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        alive.add(process);
      } catch (ExecutionException e) {
        alive.add(process);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        alive.add(process);
      }
    }
    alive.removeIf(process -> !process.isAlive());
    return alive;
  }

  private static String pids(List<ProcessHandle> processes) {
    List<Long> pids = new ArrayList<>();
    processes.forEach(p -> pids.add(p.pid()));
    return pids.toString();
  }
}
