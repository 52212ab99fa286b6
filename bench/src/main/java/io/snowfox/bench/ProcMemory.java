package io.snowfox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory and command line of one live process, read from /proc. */
final class ProcMemory {

  /** How a SnowFox server JVM names its role on its command line. */
  private static final Pattern ROLE = Pattern.compile(
      "SnowfoxMain (daemon|spawner|manager|api)\\b");

  /**
   * One process of a node.
   *
   * @param role daemon, spawner, manager, api, or "other: <program>"
   * @param xmx the last -Xmx on its command line, or "JVM default" when none
   * @param rssKib VmRSS of /proc/PID/status
   * @param pssKib Pss of /proc/PID/smaps_rollup, -1 when unreadable
   */
  record Row(String role, long pid, String xmx, long rssKib, long pssKib) {}

  private ProcMemory() {}

  /**
   * The daemon and every live descendant, the node's processes and its jobs'; a process that
   * ends while being read is left out, and so is one that has released its memory on its way
   * out (no VmRSS line: exiting, or a zombie waiting to be reaped).
   */
  static List<Row> node(ProcessHandle daemon) throws IOException {
    List<Row> rows = new ArrayList<>();
    rows.add(read(daemon));
    for (ProcessHandle process : daemon.descendants().toList()) {
      try {
        rows.add(read(process));
      } catch (IOException e) {
        if (process.isAlive() && !ended(process)) {
          throw e;
        }
      }
    }
    return rows;
  }

  private static boolean ended(ProcessHandle process) {
    return Machine.field(Path.of("/proc", Long.toString(process.pid()), "status"), "VmRSS")
        .isEmpty();
  }

  /** The PSS of all the rows, in KiB; rows whose PSS is unreadable count 0. */
  static long pssKib(List<Row> rows) {
    return rows.stream().mapToLong(row -> Math.max(0, row.pssKib())).sum();
  }

  static Row read(ProcessHandle process) throws IOException {
    Path proc = Path.of("/proc", Long.toString(process.pid()));
    List<String> args = List.of(new String(Files.readAllBytes(proc.resolve("cmdline")),
        StandardCharsets.UTF_8).split("\0"));
    String commandLine = String.join(" ", args);
    Matcher role = ROLE.matcher(commandLine);
    String xmx = "JVM default";
    for (String arg : args) {
      if (arg.startsWith("-Xmx")) {
        xmx = arg.substring("-Xmx".length());
      }
    }
    long rss = kib(proc.resolve("status"), "VmRSS");
    if (rss < 0) {
      throw new IOException("no VmRSS in " + proc.resolve("status"));
    }
    return new Row(role.find() ? role.group(1) : "other: " + Path.of(args.get(0)).getFileName(),
        process.pid(), xmx, rss, kib(proc.resolve("smaps_rollup"), "Pss"));
  }

  /** A {@code Key:   123 kB} value of a /proc file, or -1. */
  private static long kib(Path file, String key) {
    return parse(Machine.field(file, key).orElse("-1"));
  }

  private static long parse(String value) {
    try {
      return Long.parseLong(value.replace("kB", "").trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
