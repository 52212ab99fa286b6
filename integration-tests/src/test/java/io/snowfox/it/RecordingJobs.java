package io.snowfox.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs that leave a trace of every run: each run appends one line to a file shared by every
 * node of the machine (its tag, the job id and run id SnowFox gives it, if any, and the time),
 * so that a job started twice, on any node, shows two lines. Every run also carries the test's
 * marker in its environment, so that its processes are found in {@code /proc} whoever started
 * them and whatever they exec'd into.
 */
final class RecordingJobs {

  /** One line of the file: one run of a job. */
  record Run(String tag, String jobId, String runId, String at) {}

  /** A live process of one of these jobs. */
  record LiveProcess(long pid, String tag) {}

  static final String MARKER_VARIABLE = "CHAOS_RUN";
  static final String TAG_VARIABLE = "CHAOS_TAG";
  /** What a job prints where SnowFox gives it no job or run id. */
  static final String NONE = "none";
  /** The sleep of a job meant to run until it is stopped. */
  private static final int FOR_EVER_SECONDS = 100_000;

  private final Path file;
  private final String marker;

  private RecordingJobs(Path file, String marker) {
    this.file = file;
    this.marker = marker;
  }

  /**
   * A ledger in {@code dir}; jobs run as {@code nobody} when the node runs as root, so the
   * directory and the file are writable by every user.
   */
  static RecordingJobs in(Path dir, String marker) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path file = dir.resolve("runs.txt");
    Files.writeString(file, "");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
    return new RecordingJobs(file, marker);
  }

  Path file() {
    return file;
  }

  /**
   * A job named {@code tag} that records its run, then sleeps {@code seconds}, or until it is
   * stopped when {@code forEver}. Its restart policy is {@code never}: one run, exactly.
   */
  JsonObject spec(String tag, boolean forEver, int seconds) {
    String script = "echo \"$0 ${SNOWFOX_JOB_ID:-" + NONE + "} ${SNOWFOX_RUN_ID:-" + NONE
        + "} $(date -u +%Y-%m-%dT%H:%M:%S.%NZ)\" >> '" + file + "'; exec sleep "
        + (forEver ? FOR_EVER_SECONDS : seconds);
    return new JsonObject().put("name", tag).put("command", "/bin/sh")
        .put("args", new JsonArray().add("-c").add(script).add(tag))
        .put("env", new JsonObject().put(MARKER_VARIABLE, marker).put(TAG_VARIABLE, tag))
        .put("restart", new JsonObject().put("policy", "never"))
        .put("kill_timeout", "2s");
  }

  /** Every run recorded so far, by tag, in the order they were written. */
  Map<String, List<Run>> runsByTag() throws IOException {
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] fields = line.split(" ");
      if (fields.length == 4) {
        runs.computeIfAbsent(fields[0], tag -> new ArrayList<>())
            .add(new Run(fields[0], fields[1], fields[2], fields[3]));
      } else if (!line.isBlank()) {
        runs.computeIfAbsent("<garbled>", tag -> new ArrayList<>())
            .add(new Run(line, NONE, NONE, ""));
      }
    }
    return runs;
  }

  /** Live processes (zombies excluded) whose environment carries this ledger's marker. */
  List<LiveProcess> liveProcesses() throws IOException {
    List<LiveProcess> live = new ArrayList<>();
    String wanted = MARKER_VARIABLE + "=" + marker;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        String tag = tagOf(proc, wanted);
        if (tag != null) {
          live.add(new LiveProcess(Long.parseLong(proc.getFileName().toString()), tag));
        }
      }
    }
    return live;
  }

  private static String tagOf(Path proc, String wanted) {
    String environment;
    String stat;
    try {
      environment = new String(Files.readAllBytes(proc.resolve("environ")),
          StandardCharsets.UTF_8);
      stat = Files.readString(proc.resolve("stat"));
    } catch (IOException e) {
      return null; // it ended while we looked, or is not ours to read
    }
    // pid (comm) state ...; comm may contain spaces, so read the state after the last ')'
    if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
      return null;
    }
    String tag = null;
    boolean marked = false;
    for (String variable : environment.split("\0")) {
      marked |= variable.equals(wanted);
      if (variable.startsWith(TAG_VARIABLE + "=")) {
        tag = variable.substring(TAG_VARIABLE.length() + 1);
      }
    }
    return marked ? tag : null;
  }

  /** SIGKILLs, by pid, every live process of these jobs: the test's last clean-up. */
  List<LiveProcess> killLeftovers() throws IOException {
    List<LiveProcess> live = liveProcesses();
    live.forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly));
    return live;
  }
}
