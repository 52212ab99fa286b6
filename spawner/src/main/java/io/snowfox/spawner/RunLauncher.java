package io.snowfox.spawner;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.LogStream;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.identity.JobUsers;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the process of a run: in a new session and process group ({@code setsid}), as the user
 * {@link JobUsers} gives it ({@code setpriv}), in its working directory ({@code /} by default,
 * which every user may enter), with its environment and its identity ({@link #JOB_ID_ENV},
 * {@link #INSTANCE_ENV}, {@link #RUN_ID_ENV}), its stdout and stderr appended to the instance's
 * files. Blocking: call it off the event loop.
 */
final class RunLauncher {

  static final String SETSID = "/usr/bin/setsid";
  static final String SETPRIV = "/usr/bin/setpriv";
  /** Variables a run inherits from the spawner; the job's own environment comes on top. */
  static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ");
  /** The run's job id ({@code StartProcess.job_id}). */
  static final String JOB_ID_ENV = "SNOWFOX_JOB_ID";
  /** The run's instance index ({@code StartProcess.instance_index}). */
  static final String INSTANCE_ENV = "SNOWFOX_INSTANCE";
  /** The run's id, {@code <job>.<index>.<restarts>} ({@code StartProcess.instance_id}). */
  static final String RUN_ID_ENV = "SNOWFOX_RUN_ID";

  private final OutputFiles files;
  private final boolean root;
  private final JobUsers users;

  /**
   * @param root true when the spawner runs as root: only then can it switch users
   * @param users who jobs run as, and whether as root
   */
  RunLauncher(OutputFiles files, boolean root, JobUsers users) {
    this.files = files;
    this.root = root;
    this.users = users;
  }

  /**
   * Starts the run.
   *
   * @throws StatusException BAD_REQUEST or FORBIDDEN with a message naming what is wrong;
   *     UNAVAILABLE when the job's user cannot be looked up now
   */
  Process launch(StartProcess request) throws IOException {
    String executable = resolve(request.getCommand(), request.getEnvironmentMap());
    Path workdir = workdir(request.getWorkingDirectory());
    List<String> command = new ArrayList<>();
    command.add(SETSID);
    Identity identity = identity(request);
    command.addAll(identity.setpriv());
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
    if (identity.account() != null) {
      // The spawner's HOME is root's: a job switched to another user gets that user's.
      env.put("USER", identity.account().name());
      env.put("LOGNAME", identity.account().name());
      env.put("HOME", identity.account().home().isEmpty() ? "/" : identity.account().home());
    }
    env.putAll(request.getEnvironmentMap());
    // After the job's own: a spec cannot pass its runs off as another's.
    env.put(JOB_ID_ENV, request.getJobId());
    env.put(INSTANCE_ENV, Integer.toString(request.getInstanceIndex()));
    env.put(RUN_ID_ENV, request.getInstanceId());
    return builder.start();
  }

  /**
   * The setpriv arguments that make the run its user's, or none when it runs as the spawner's
   * own user. A root spawner always switches: to the job's user, else to the job user.
   */
  /** The setpriv arguments of a run, and the account it switches to (null for none). */
  private record Identity(List<String> setpriv, JobUsers.Account account) {}

  private Identity identity(StartProcess request) {
    String user = users.userOf(request.getUser(), root);
    String group = request.getGroup();
    if (user.isEmpty() && group.isEmpty()) {
      return new Identity(List.of(), null);
    }
    if (!root) {
      throw new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
          "cannot run as user '" + request.getUser() + "' group '" + group
              + "': the spawner does not run as root");
    }
    if (!group.isEmpty() && !JobUsers.isAccountName(group)) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "invalid group '" + group + "': " + JobUsers.ACCOUNT_RULE);
    }
    // FORBIDDEN for uid 0 unless allowed. setpriv gets the numbers checked here, not the name,
    // so the account it switches to is the one checked. Without --regid it would keep the
    // spawner's group, root: the user's own group is given instead.
    // The same for a group: gid 0 (root's group) is FORBIDDEN unless allowed, and setpriv gets
    // the number checked.
    JobUsers.Account account = users.account(user);
    long gid = group.isEmpty() ? account.gid() : users.groupId(group);
    return new Identity(List.of(SETPRIV, "--reuid=" + account.uid(), "--regid=" + gid,
        group.isEmpty() ? "--init-groups" : "--clear-groups"), account);
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
