package io.snowfox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A private supervisord, a child of the benchmark: its own configuration, unix socket, pid file
 * and logs in one directory, no inet server, in the foreground ({@code nodaemon}). Programs are
 * added as include files of that directory. {@link #stop()} sends SIGTERM (supervisord stops its
 * processes, then exits) and SIGKILLs whatever is left.
 */
final class Supervisord {

  static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STOP_GRACE = Duration.ofSeconds(30);
  static final String CONFIG = "supervisord.conf";

  private final Processes processes;
  private final Path dir;
  private final Path program;
  private final Process process;
  private final SupervisorRpc rpc;

  private Supervisord(Processes processes, Path dir, Path program, Process process) {
    this.processes = processes;
    this.dir = dir;
    this.program = program;
    this.process = process;
    this.rpc = new SupervisorRpc(socket(dir));
  }

  /** The supervisord to run: a path, or a name looked up on PATH. */
  static Optional<Path> find(String program) {
    if (program.contains("/")) {
      Path path = Path.of(program);
      return Files.isExecutable(path) ? Optional.of(path.toAbsolutePath()) : Optional.empty();
    }
    for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path candidate = Path.of(entry.isEmpty() ? "." : entry, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** Writes the configuration and the initial programs, starts supervisord, waits until up. */
  static Supervisord start(Processes processes, Path program, Path dir, List<String> programs)
      throws Exception {
    Files.createDirectories(dir.resolve("conf.d"));
    Files.createDirectories(dir.resolve("child-logs"));
    Files.writeString(dir.resolve(CONFIG), String.join("\n",
        "; Written by the SnowFox benchmark: a private supervisord, reached only by its socket.",
        "[unix_http_server]",
        "file=" + socket(dir),
        "chmod=0700",
        "",
        "[supervisord]",
        "nodaemon=true",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir.resolve("child-logs"),
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[supervisorctl]",
        "serverurl=unix://" + socket(dir),
        "",
        "[include]",
        "files=" + dir.resolve("conf.d") + "/*.ini",
        ""), StandardCharsets.UTF_8);
    for (String section : programs) {
      writeProgramFile(dir, section);
    }
    List<String> command = List.of(program.toString(), "-c", dir.resolve(CONFIG).toString());
    BenchMain.say("supervisord: " + String.join(" ", command));
    Process process = processes.start(new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(dir.resolve("console.out").toFile()));
    Supervisord supervisord = new Supervisord(processes, dir, program, process);
    try {
      supervisord.awaitRunning();
    } catch (Exception e) {
      supervisord.stop();
      throw e;
    }
    return supervisord;
  }

  /** A {@code [program:NAME]} section: no restart, RUNNING as soon as forked (startsecs=0). */
  static String program(String name, List<String> command, boolean autostart) {
    return String.join("\n",
        "[program:" + name + "]",
        "command=" + String.join(" ", command),
        "autostart=" + autostart,
        "autorestart=false",
        "startsecs=0",
        "startretries=0",
        "");
  }

  /** Adds a program file to the include directory; takes effect at the next reloadConfig. */
  void writeProgram(String section) throws IOException {
    writeProgramFile(dir, section);
  }

  ProcessHandle handle() {
    return process.toHandle();
  }

  SupervisorRpc rpc() {
    return rpc;
  }

  Path config() {
    return dir.resolve(CONFIG);
  }

  /** supervisorctl beside supervisord. */
  Path supervisorctl() {
    return program.resolveSibling("supervisorctl");
  }

  Processes.Stop stop() {
    return processes.stop(process.toHandle(), STOP_GRACE);
  }

  private void awaitRunning() throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("supervisord exited with " + process.exitValue() + ": "
            + BusBench.tail(dir.resolve("console.out")));
      }
      try {
        last = rpc.state();
        if (last.equals("RUNNING")) {
          processes.rememberDescendants(process.toHandle());
          return;
        }
      } catch (IOException e) {
        last = e.getMessage();
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("supervisord not RUNNING within "
        + READY_TIMEOUT.toSeconds() + " s: " + last);
  }

  private static void writeProgramFile(Path dir, String section) throws IOException {
    String name = section.substring("[program:".length(), section.indexOf(']'));
    Files.writeString(dir.resolve("conf.d").resolve(name + ".ini"), section,
        StandardCharsets.UTF_8);
  }

  private static Path socket(Path dir) {
    return dir.resolve("supervisor.sock");
  }
}
