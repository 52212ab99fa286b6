package io.snowfox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tarball {@code mvn package} makes, unpacked in a directory of its own as an operator
 * would: its launcher works from there, it carries the service unit and the docs, and
 * {@code snowfox --data-dir DIR ...} (no command) starts a working node.
 */
class DistributionIT {

  private static Path home;

  @BeforeAll
  static void unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("snowfox.tarball"));
    assertThat(tarball).as("the distribution tarball").exists();
    Path into = Files.createDirectories(Path.of(System.getProperty("snowfox.test.dir",
        "target/it")).resolve("unpacked-" + System.nanoTime())).toAbsolutePath();
    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString())
        .inheritIO().start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    try (var entries = Files.list(into)) {
      home = entries.findFirst().orElseThrow();
    }
  }

  @Test
  void theTarballHoldsAnExecutableLauncherTheServiceUnitAndTheDocs() {
    assertThat(home.getFileName().toString()).startsWith("snowfox-");
    assertThat(Files.isExecutable(home.resolve("bin/snowfox"))).isTrue();
    assertThat(home.resolve("systemd/snowfox.service")).content()
        .contains("ExecStart=/opt/snowfox/bin/snowfox daemon").contains("KillMode=mixed");
    assertThat(home.resolve("docs/operations.md")).exists();
    assertThat(home.resolve("examples/hello.yaml")).exists();
    assertThat(home.resolve("cds/snowfox.jsa")).exists();
  }

  @Test
  void itsLauncherAnswersAndWritesTheShellCompletion() throws Exception {
    Cli.Result version = run("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).startsWith("snowfox ");

    Cli.Result completion = run("generate-completion");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete -F _complete_snowfox");
  }

  @Test
  void optionsWithoutACommandStartANodeFromTheUnpackedDirectory() throws Exception {
    TestNode node = TestNode.startWithoutCommand(home.resolve("bin/snowfox"), "unpacked",
        List.of());
    try {
      assertThat(node.awaitGreen().getString("status")).isEqualTo("GREEN");
      Http.Answer job = Http.post(node.apiUrl() + "/v1/jobs", "application/json",
          "{\"name\":\"from-tarball\",\"command\":\"/bin/echo\",\"args\":[\"unpacked\"]}");
      assertThat(job.status()).as(job.body()).isEqualTo(201);
      String id = job.json().getString("id");
      Eventually.eventually(java.time.Duration.ofSeconds(60), () -> assertThat(
          Http.get(node.apiUrl() + "/v1/jobs/" + id + "/logs").body()).isEqualTo("unpacked\n"));
    } finally {
      node.close();
    }
  }

  private static Cli.Result run(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/snowfox")
        .toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    String out = new String(process.getInputStream().readAllBytes());
    String err = new String(process.getErrorStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Cli.Result(process.exitValue(), out, err);
  }
}
