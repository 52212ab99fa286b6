package io.snowfox.spawner;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What tests see of this machine's processes, read from /proc (Linux only). */
final class Procs {

  private Procs() {}

  /** Pids of the processes of group {@code pgid} that have not exited (zombies have). */
  static List<Long> members(long pgid) {
    List<Long> members = new ArrayList<>();
    for (Path dir : processDirs()) {
      String stat = read(dir.resolve("stat"));
      if (stat.isEmpty()) {
        continue;
      }
      // pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      if (Long.parseLong(fields[2]) == pgid && !fields[0].equals("Z")
          && !fields[0].equals("X")) {
        members.add(Long.parseLong(dir.getFileName().toString()));
      }
    }
    return members;
  }

  /**
   * The command lines of the processes of group {@code pgid} that run and will go on running:
   * not exited, and without a SIGKILL pending (one that has it is already as good as dead).
   */
  static List<String> commandsOf(long pgid) {
    return members(pgid).stream()
        .filter(pid -> !killPending(Path.of("/proc", pid.toString(), "status")))
        .map(pid -> read(Path.of("/proc", pid.toString(), "cmdline")).replace('\0', ' ').trim())
        .filter(command -> !command.isEmpty())
        .toList();
  }

  private static boolean killPending(Path status) {
    long sigkill = 1L << (9 - 1);
    return read(status).lines()
        .filter(line -> line.startsWith("SigPnd:") || line.startsWith("ShdPnd:"))
        .anyMatch(line -> (Long.parseUnsignedLong(line.substring(7).trim(), 16) & sigkill) != 0);
  }

  /**
   * How many processes run {@code command args...}, counting one still in setsid, about to exec
   * the command, too.
   */
  static int processesRunning(String... commandLine) {
    String wanted = String.join("\0", commandLine) + "\0";
    int count = 0;
    for (Path dir : processDirs()) {
      String running = read(dir.resolve("cmdline"));
      if (running.equals(wanted) || running.equals(RunLauncher.SETSID + "\0" + wanted)) {
        count++;
      }
    }
    return count;
  }

  /**
   * Processes that will become {@code commandLine} but have not yet: a run switching user starts
   * as {@code setpriv ... command} and execs the command a moment later.
   */
  static int processesStarting(String... commandLine) {
    String wanted = String.join("\0", commandLine) + "\0";
    int count = 0;
    for (Path dir : processDirs()) {
      String running = read(dir.resolve("cmdline"));
      if (running.endsWith("\0" + wanted) && !running.equals(RunLauncher.SETSID + "\0" + wanted)) {
        count++;
      }
    }
    return count;
  }

  private static List<Path> processDirs() {
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      proc.forEach(dirs::add);
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    return dirs;
  }

  /** The file's content, or "" when its process is gone. */
  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
