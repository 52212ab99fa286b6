package io.snowfox.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a few long-lived processes, from /proc: their own (all threads), the part spent
 * in the JVM's JIT compiler threads, and that of their children they have reaped.
 */
final class ProcCpu {

  /** /proc counts in USER_HZ ticks, 100 per second on Linux whatever the kernel's HZ. */
  static final int USER_HZ = 100;

  /** Ticks of one process: own (user + system), of which JIT threads, and reaped children. */
  record Ticks(long own, long jit, long children) {}

  /**
   * CPU milliseconds per unit of work of one process over a run.
   *
   * @param jit the part of own spent in JIT compiler threads
   * @param children CPU of its children that ended and were reaped during the run
   */
  record Row(String process, double own, double jit, double children) {}

  private ProcCpu() {}

  /** A sample of each named process; processes gone or unreadable are left out. */
  static Map<String, Ticks> sample(Map<String, ProcessHandle> processes) {
    Map<String, Ticks> sample = new LinkedHashMap<>();
    processes.forEach((label, process) -> {
      try {
        long[] stat = stat(Path.of("/proc", Long.toString(process.pid()), "stat"));
        sample.put(label, new Ticks(stat[0] + stat[1], jit(process.pid()), stat[2] + stat[3]));
      } catch (IOException | RuntimeException e) {
        BenchMain.say("cpu: cannot read pid " + process.pid() + ": " + e.getMessage());
      }
    });
    return sample;
  }

  /** Per-unit milliseconds between two samples. */
  static List<Row> perUnit(Map<String, Ticks> before, Map<String, Ticks> after, long units) {
    List<Row> rows = new ArrayList<>();
    double per = units == 0 ? 0 : 1000.0 / USER_HZ / units;
    after.forEach((label, end) -> {
      Ticks start = before.get(label);
      if (start != null) {
        rows.add(new Row(label, (end.own() - start.own()) * per,
            Math.max(0, end.jit() - start.jit()) * per,
            (end.children() - start.children()) * per));
      }
    });
    return rows;
  }

  /** The bench JVM, and the daemon with every SnowFox role JVM below it, by role. */
  static Map<String, ProcessHandle> nodeAndBench(ProcessHandle daemon) {
    Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    processes.put("bench JVM (clients)", ProcessHandle.current());
    processes.putAll(roles(daemon));
    return processes;
  }

  /** The daemon and every SnowFox role JVM below it, by role (daemon, spawner, ...). */
  static Map<String, ProcessHandle> roles(ProcessHandle daemon) {
    Map<String, ProcessHandle> processes = new LinkedHashMap<>();
    List<ProcessHandle> family = new ArrayList<>();
    family.add(daemon);
    daemon.descendants().forEach(family::add);
    for (ProcessHandle process : family) {
      try {
        String role = ProcMemory.read(process).role();
        if (!role.startsWith("other")) {
          processes.put(role, process);
        }
      } catch (IOException e) {
        // a job's process that just ended
      }
    }
    return processes;
  }

  /** utime, stime, cutime, cstime of a /proc stat file (fields 14 to 17). */
  private static long[] stat(Path file) throws IOException {
    String text = Files.readString(file);
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split("\\s+");
    int utime = 14 - 3;
    return new long[] {Long.parseLong(fields[utime]), Long.parseLong(fields[utime + 1]),
        Long.parseLong(fields[utime + 2]), Long.parseLong(fields[utime + 3])};
  }

  private static long jit(long pid) throws IOException {
    long ticks = 0;
    Path tasks = Path.of("/proc", Long.toString(pid), "task");
    try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
      for (Path thread : threads) {
        try {
          String name = Files.readString(thread.resolve("comm")).trim();
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            long[] stat = stat(thread.resolve("stat"));
            ticks += stat[0] + stat[1];
          }
        } catch (IOException e) {
          // the thread ended
        }
      }
    }
    return ticks;
  }
}
