package io.snowfox.spawner;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.LogStream;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the process of a run: in a new session and process group ({@code setsid}), as another
 * user when asked and allowed ({@code setpriv}), in its working directory, with its environment,
 * its stdout and stderr appended to the instance's files. Blocking: call it off the event loop.
 */
final class RunLauncher {

  static final String SETSID = "/usr/bin/setsid";
  static final String SETPRIV = "/usr/bin/setpriv";
  /** Variables a run inherits from the spawner; the job's own environment comes on top. */
  static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ");

  private final OutputFiles files;
  private final boolean root;

  RunLauncher(OutputFiles files, boolean root) {
    this.files = files;
    this.root = root;
  }

  /** True when this process runs as root (uid 0). */
  static boolean runningAsRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException e) {
      // not Linux or no /proc: not root as far as we can tell
    }
    return false;
  }

  /**
   * Starts the run.
   *
   * @throws StatusException BAD_REQUEST or FORBIDDEN with a message naming what is wrong
   */
  Process launch(StartProcess request) throws IOException {
    String executable = resolve(request.getCommand(), request.getEnvironmentMap());
    Path workdir = workdir(request.getWorkingDirectory());
    List<String> command = new ArrayList<>();
    command.add(SETSID);
    if (!request.getUser().isEmpty() || !request.getGroup().isEmpty()) {
      if (!root) {
        throw new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
            "cannot run as user '" + request.getUser() + "' group '" + request.getGroup()
                + "': the spawner does not run as root");
      }
      command.add(SETPRIV);
      if (!request.getUser().isEmpty()) {
        command.add("--reuid=" + request.getUser());
        if (request.getGroup().isEmpty()) {
          command.add("--init-groups");
        }
      }
      if (!request.getGroup().isEmpty()) {
        command.add("--regid=" + request.getGroup());
        command.add("--clear-groups");
      }
    }
    command.add(executable);
    command.addAll(request.getArgsList());

    Path stdout = files.file(request.getJobId(), request.getInstanceIndex(),
        LogStream.LOG_STREAM_STDOUT);
    Path stderr = files.file(request.getJobId(), request.getInstanceIndex(),
        LogStream.LOG_STREAM_STDERR);
    Files.createDirectories(stdout.getParent());

    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(workdir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().retainAll(INHERITED_ENV);
    env.putAll(request.getEnvironmentMap());
    return builder.start();
  }

  private static Path workdir(String requested) {
    Path dir = Path.of(requested.isEmpty() ? "/" : requested);
    if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "working directory '" + requested + "' is not an existing absolute directory");
    }
    return dir;
  }

  /** The absolute path of the command, searched in the run's PATH when it has no slash. */
  static String resolve(String command, Map<String, String> env) {
    if (command.isEmpty()) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST, "command is empty");
    }
    if (command.contains("/")) {
      Path path = Path.of(command);
      if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
        throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
            "command '" + command + "' is not an executable file");
      }
      return command;
    }
    String searchPath = env.getOrDefault("PATH", System.getenv().getOrDefault("PATH",
        "/usr/local/bin:/usr/bin:/bin"));
    for (String dir : searchPath.split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
        "command '" + command + "' not found in PATH " + searchPath);
  }
}
