package io.snowfox.spawner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.LogStream;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.snowfox.runtime.identity.Accounts;
import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.identity.JobUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLauncherTest {

  private static final JobUsers USERS = new JobIdentityOptions().users();

  @TempDir
  Path dir;

  private OutputFiles files;

  @BeforeEach
  void createFiles() {
    files = new OutputFiles(dir.resolve("data"));
  }

  private static StatusException refusal(Runnable action) {
    StatusException refused = catchThrowableOfType(StatusException.class, action::run);
    assertThat(refused).as("the refusal").isNotNull();
    return refused;
  }

  private Path script(String name, String permissions) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  private static StartProcess.Builder request(String command, String... args) {
    return StartProcess.newBuilder().setInstanceId("job-1.0.0").setJobId("job-1")
        .setCommand(command).addAllArgs(Arrays.asList(args));
  }

  /** Launches and waits for the run; returns its stdout. */
  private String run(StartProcess request) throws Exception {
    return run(new RunLauncher(files, false, USERS), request);
  }

  private String run(RunLauncher launcher, StartProcess request) throws Exception {
    Process process = launcher.launch(request);
    try {
      assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the run ended").isTrue();
    } finally {
      process.destroyForcibly();
    }
    return Files.readString(files.file(request.getJobId(), request.getInstanceIndex(),
        LogStream.LOG_STREAM_STDOUT), StandardCharsets.UTF_8);
  }

  // ---- resolve

  @Test
  void aCommandWithoutSlashIsFoundInPath() {
    String sh = RunLauncher.resolve("sh", Map.of());

    assertThat(Path.of(sh)).isAbsolute().isExecutable().hasFileName("sh");
  }

  @Test
  void theRunsOwnPathIsSearched() throws IOException {
    Path tool = script("my-tool", "rwxr-xr-x");

    assertThat(RunLauncher.resolve("my-tool", Map.of("PATH", "/nonexistent:" + dir)))
        .isEqualTo(tool.toString());
  }

  @Test
  void anAbsoluteExecutableIsTakenAsItIs() throws IOException {
    Path tool = script("my-tool", "rwxr-x---");

    assertThat(RunLauncher.resolve(tool.toString(), Map.of())).isEqualTo(tool.toString());
  }

  @Test
  void aMissingCommandIsABadRequestNamingIt() {
    StatusException refused = refusal(() ->
        RunLauncher.resolve("no-such-command-here", Map.of("PATH", "/bin:/usr/bin")));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refused).hasMessage(
        "command 'no-such-command-here' not found in PATH /bin:/usr/bin");
  }

  @Test
  void aFileInPathThatIsNotExecutableIsNotFound() throws IOException {
    script("my-tool", "rw-r--r--");

    StatusException refused = refusal(() ->
        RunLauncher.resolve("my-tool", Map.of("PATH", dir.toString())));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refused.getMessage()).contains("'my-tool'");
  }

  @Test
  void aNonExecutableFileIsABadRequestNamingIt() throws IOException {
    Path file = script("notes.txt", "rw-r--r--");

    StatusException refused = refusal(() -> RunLauncher.resolve(file.toString(), Map.of()));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refused).hasMessage("command '" + file + "' is not an executable file");
  }

  @Test
  void aDirectoryIsNotACommand() {
    StatusException refused = refusal(() -> RunLauncher.resolve(dir.toString(), Map.of()));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refused.getMessage()).contains("'" + dir + "'");
  }

  @Test
  void anEmptyCommandIsABadRequest() {
    StatusException refused = refusal(() -> RunLauncher.resolve("", Map.of()));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refused).hasMessage("command is empty");
  }

  // ---- launch

  @Test
  void anotherUserIsForbiddenWhenTheSpawnerIsNotRoot() {
    RunLauncher launcher = new RunLauncher(files, false, USERS);

    StatusException asUser = refusal(() -> launch(launcher, request("sh").setUser("nobody")));
    StatusException asGroup = refusal(() -> launch(launcher, request("sh").setGroup("nogroup")));

    assertThat(asUser.code()).isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    assertThat(asUser.getMessage()).contains("'nobody'").contains("does not run as root");
    assertThat(asGroup.code()).isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    assertThat(asGroup.getMessage()).contains("'nogroup'");
    assertThat(files.instanceDir("job-1", 0)).doesNotExist();
  }

  @Test
  void aRelativeOrMissingWorkingDirectoryIsABadRequest() {
    RunLauncher launcher = new RunLauncher(files, false, USERS);

    StatusException relative = refusal(() ->
        launch(launcher, request("sh").setWorkingDirectory("tmp")));
    StatusException missing = refusal(() ->
        launch(launcher, request("sh").setWorkingDirectory(dir.resolve("gone").toString())));

    assertThat(relative.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(relative.getMessage()).contains("working directory 'tmp'");
    assertThat(missing.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(files.instanceDir("job-1", 0)).doesNotExist();
  }

  @Test
  void aRunStartsInItsWorkingDirectoryWithItsOutputInItsFile() throws Exception {
    Path workdir = Files.createDirectory(dir.resolve("work"));

    String output = run(request("pwd").setWorkingDirectory(workdir.toString()).build());

    assertThat(output).isEqualTo(workdir.toRealPath() + "\n");
  }

  private static final List<String> IDENTITY_ENV = List.of(RunLauncher.JOB_ID_ENV,
      RunLauncher.INSTANCE_ENV, RunLauncher.RUN_ID_ENV);

  @Test
  void aRunSeesOnlyItsOwnItsIdentityAndTheBasicVariables() throws Exception {
    String output = run(request("/usr/bin/env").putEnvironment("GREETING", "hello").build());

    assertThat(output.lines().map(line -> line.substring(0, line.indexOf('='))))
        .allMatch(name -> name.equals("GREETING") || RunLauncher.INHERITED_ENV.contains(name)
            || IDENTITY_ENV.contains(name));
    assertThat(output.lines()).contains("GREETING=hello");
  }

  @Test
  void aRunIsToldItsIdentityAndItsJobCannotFakeIt() throws Exception {
    StartProcess.Builder request = request("/usr/bin/env").setJobId("job-7")
        .setInstanceIndex(3).setInstanceId("job-7.3.2");
    IDENTITY_ENV.forEach(name -> request.putEnvironment(name, "faked"));

    String output = run(request.build());

    assertThat(output.lines().filter(line -> line.startsWith("SNOWFOX_")))
        .containsExactlyInAnyOrder("SNOWFOX_JOB_ID=job-7", "SNOWFOX_INSTANCE=3",
            "SNOWFOX_RUN_ID=job-7.3.2");
  }

  @Test
  void outputIsAppendedAcrossRuns() throws Exception {
    run(request("sh", "-c", "echo first").build());

    assertThat(run(request("sh", "-c", "echo second").build())).isEqualTo("first\nsecond\n");
  }

  // ---- identity

  /** Launches as a root spawner would and waits for the run; returns its stdout. */
  private String runAsRoot(StartProcess request, boolean allowRoot) throws Exception {
    assumeTrue(Accounts.runningAsRoot(), "switching users needs root");
    return run(new RunLauncher(files, true, new JobUsers("nobody", allowRoot, new Accounts())),
        request);
  }

  @Test
  void aRunThatNamesNoUserRunsAsTheJobUserWithItsOwnGroupUnderARootSpawner() throws Exception {
    // Not root's group either: setpriv keeps the caller's group unless told otherwise.
    assertThat(runAsRoot(request("/usr/bin/id").build(), false))
        .isEqualTo("uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n");
  }

  @Test
  void rootByAnyNameIsForbiddenUnlessAllowedAndStartsNothing() {
    RunLauncher launcher = new RunLauncher(files, true, USERS);

    for (String root : List.of("root", "0", "00")) {
      StatusException refused = refusal(() -> launch(launcher, request("sh").setUser(root)));

      assertThat(refused.code()).as(root).isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
      assertThat(refused.getMessage()).contains("--allow-root-jobs");
    }
    assertThat(refusal(() -> launch(launcher, request("sh").setUser("4294967295"))).code())
        .as("(uid_t) -1, which would leave the run root").isEqualTo(
            StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refusal(() -> launch(launcher, request("sh").setUser("no-such-user-here")))
        .getMessage()).isEqualTo("no user 'no-such-user-here' on this node");
    assertThat(files.instanceDir("job-1", 0)).doesNotExist();
  }

  @Test
  void rootIsAllowedWithAllowRootJobs() throws Exception {
    assertThat(runAsRoot(request("/usr/bin/id", "-u").setUser("0").build(), true))
        .isEqualTo("0\n");
  }

  @Test
  void idsThatWouldWriteOutsideTheOutputAreRefusedBeforeAnythingRuns() {
    RunLauncher launcher = new RunLauncher(files, false, USERS);

    for (String jobId : List.of("..", "../../escaped", "/tmp/escaped", "a/../..")) {
      StatusException refused = refusal(() -> launch(launcher,
          request("/bin/true").setJobId(jobId)));

      assertThat(refused.code()).as(jobId).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    }
    assertThat(dir.resolve("escaped")).doesNotExist();
    assertThat(Path.of("/tmp/escaped")).doesNotExist();
  }

  private static void launch(RunLauncher launcher, StartProcess.Builder request) {
    try {
      launcher.launch(request.build()).destroyForcibly();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
