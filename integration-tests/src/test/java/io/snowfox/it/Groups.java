package io.snowfox.it;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads process groups from /proc: which processes of a group are still alive. */
final class Groups {

  private Groups() {}

  /** Pids of processes in group {@code pgid} that are alive (zombies count as dead). */
  static List<Long> liveMembers(long pgid) throws IOException {
    List<Long> members = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        String stat;
        try {
          stat = Files.readString(proc.resolve("stat"));
        } catch (IOException e) {
          continue; // it ended while we looked
        }
        // pid (comm) state ppid pgrp ...; comm may contain spaces, so split after the ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (Long.parseLong(fields[2]) == pgid && !fields[0].equals("Z")) {
          members.add(Long.parseLong(proc.getFileName().toString()));
        }
      }
    }
    return members;
  }
}
