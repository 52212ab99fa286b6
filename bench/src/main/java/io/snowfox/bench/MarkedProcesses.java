package io.snowfox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live processes of a job on this machine, whichever node started them, found by a variable
 * the job's spec sets in their environment ({@code /proc/<pid>/environ}): a count that does not
 * depend on what SnowFox says it runs. Only ever used to count; a process is stopped by pid.
 */
final class MarkedProcesses {

  /** A marked process, and the node whose daemon it descends from ({@link #NO_NODE} if none). */
  record Marked(long pid, String nodeId) {}

  static final String NO_NODE = "no node";

  private MarkedProcesses() {}

  /**
   * The live processes whose environment holds {@code variable=value}; each with the node of
   * the first of {@code daemons} (pid to node id) found up its parent chain.
   */
  static List<Marked> find(String variable, String value, Map<Long, String> daemons)
      throws IOException {
    byte[] wanted = (variable + "=" + value).getBytes(StandardCharsets.UTF_8);
    List<Marked> found = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : proc) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (pid != ProcessHandle.current().pid() && holds(dir.resolve("environ"), wanted)) {
          found.add(new Marked(pid, nodeOf(pid, daemons)));
        }
      }
    }
    return found;
  }

  /** Whether a NUL-separated environment file holds exactly the entry {@code wanted}. */
  private static boolean holds(Path environ, byte[] wanted) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(environ);
    } catch (IOException e) {
      return false; // ended, or a kernel thread
    }
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        if (i - start == wanted.length
            && java.util.Arrays.equals(bytes, start, i, wanted, 0, wanted.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }

  private static String nodeOf(long pid, Map<Long, String> daemons) {
    Optional<ProcessHandle> process = ProcessHandle.of(pid);
    while (process.isPresent()) {
      String node = daemons.get(process.get().pid());
      if (node != null) {
        return node;
      }
      process = process.get().parent();
    }
    return NO_NODE;
  }
}
