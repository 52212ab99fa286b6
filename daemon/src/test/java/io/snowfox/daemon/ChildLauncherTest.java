package io.snowfox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.cluster.ClusterOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ChildLauncherTest {

  private static final Path DATA_DIR = Path.of("/var/lib/snowfox-test");

  private static ChildLauncher launcher(String... clusterArgs) {
    ClusterOptions cluster = new ClusterOptions();
    new CommandLine(cluster).parseArgs(clusterArgs);
    return new ChildLauncher(cluster, DATA_DIR);
  }

  private static List<String> spawnerCommand() {
    ChildSpec spec = new ChildSpec(Role.ROLE_SPAWNER, List.of("-Xmx200m", "-Dx=y"),
        List.of("--extra"));
    return launcher("--node-id", "n1", "--cluster-name", "blue", "--cluster-port", "5801",
        "--seed", "10.0.0.9:5701").command(spec, 40123);
  }

  /** The value following {@code flag}, every time it appears. */
  private static List<String> valuesOf(List<String> command, String flag) {
    List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i < command.size() - 1; i++) {
      if (command.get(i).equals(flag)) {
        values.add(command.get(i + 1));
      }
    }
    return values;
  }

  @Test
  void childRunsInItsOwnSessionWhenSetsidExists() {
    List<String> command = spawnerCommand();

    if (Files.isExecutable(ChildLauncher.SETSID)) {
      assertThat(command.get(0)).isEqualTo("/usr/bin/setsid");
    } else {
      assertThat(command).doesNotContain("/usr/bin/setsid");
    }
    assertThat(command.get(javaIndex())).endsWith("java");
  }

  @Test
  void childStartsWithEverySignalAtItsDefaultWhereEnvCanDoIt() throws Exception {
    List<String> command = spawnerCommand();
    int env = Files.isExecutable(ChildLauncher.SETSID) ? 1 : 0;

    // Debian's coreutils (9.1) can: a node started under nohup must not pass its ignored
    // SIGHUP down to the spawner and every run.
    assertThat(ChildLauncher.resetsSignals()).isTrue();
    assertThat(command.subList(env, env + 2)).containsExactly("/usr/bin/env",
        "--default-signal");
    // What the prefix does: a program started through it under nohup ignores nothing.
    Process nohup = new ProcessBuilder("/usr/bin/env", "--ignore-signal=HUP", "/bin/sh", "-c",
        "grep SigIgn /proc/self/status; /usr/bin/env --default-signal grep SigIgn "
            + "/proc/self/status").redirectErrorStream(true).start();
    String out = new String(nohup.getInputStream().readAllBytes());
    assertThat(nohup.waitFor()).isZero();
    // SigIgn's lowest bit is SIGHUP (glibc's own signals, 32 and 33, may stay ignored).
    List<Long> ignored = out.lines().map(line -> Long.parseUnsignedLong(
        line.substring("SigIgn:".length()).strip(), 16)).toList();
    assertThat(ignored).hasSize(2);
    assertThat(ignored.get(0) & 1).as("under nohup").isEqualTo(1);
    assertThat(ignored.get(1) & 1).as("through env --default-signal").isZero();
  }

  /** Where java comes in a child's command: after setsid and env, when they are used. */
  private static int javaIndex() {
    return (Files.isExecutable(ChildLauncher.SETSID) ? 1 : 0)
        + (ChildLauncher.resetsSignals() ? ChildLauncher.DEFAULT_SIGNALS.size() : 0);
  }

  @Test
  void jvmOptionsComeInOrderDefaultsThenHeapCapThenTheUsersOwn() {
    List<String> command = spawnerCommand();

    int base = javaIndex() + 1;
    assertThat(command.subList(base, base + ServerJvm.COMMON.size()))
        .isEqualTo(ServerJvm.COMMON);
    int collector = base + ServerJvm.COMMON.size();
    assertThat(command.subList(collector, collector + ServerJvm.SMALL_HEAP.size()))
        .isEqualTo(ServerJvm.SMALL_HEAP);
    int heap = command.indexOf("-Xmx96m");
    assertThat(heap).isEqualTo(collector + ServerJvm.SMALL_HEAP.size());
    assertThat(command.indexOf("-Xmx200m")).as("the user's heap wins by coming later")
        .isGreaterThan(heap);
    assertThat(command.indexOf("-Dx=y")).isEqualTo(command.indexOf("-Xmx200m") + 1);
    assertThat(command.indexOf("-Djdk.lang.Process.launchMechanism=VFORK"))
        .as("the spawner starts processes with vfork").isBetween(heap, command.indexOf("-Xmx200m"));
    assertThat(command.indexOf("-cp")).isGreaterThan(command.indexOf("-Dx=y"));
  }

  @Test
  void childIsTheRoleOfTheSnowfoxMainOnTheDaemonsClassPath() {
    List<String> command = spawnerCommand();

    int cp = command.indexOf("-cp");
    assertThat(command.subList(cp, cp + 4)).containsExactly("-cp",
        System.getProperty("java.class.path"), "io.snowfox.cli.SnowfoxMain", "spawner");
  }

  @Test
  void childJoinsTheDaemonFirstOnItsOwnPort() {
    List<String> command = spawnerCommand();

    assertThat(valuesOf(command, "--cluster-port")).containsExactly("40123");
    assertThat(valuesOf(command, "--seed")).containsExactly("127.0.0.1:5801", "10.0.0.9:5701");
    assertThat(valuesOf(command, "--node-id")).containsExactly("n1");
    assertThat(valuesOf(command, "--cluster-name")).containsExactly("blue");
    assertThat(command.indexOf("--node-id")).isGreaterThan(command.indexOf("spawner"));
  }

  @Test
  void childKeepsItsStateUnderTheNodesDataDirAndIsSupervised() {
    List<String> command = spawnerCommand();

    assertThat(valuesOf(command, "--data-dir")).containsExactly(DATA_DIR.toString());
    assertThat(command.subList(command.size() - 2, command.size()))
        .containsExactly("--supervised", "--extra");
  }

  @Test
  void theManagerWhoseHeapHoldsTheRetainedJobsRunsG1AndTheOthersTheSerialCollector() {
    ChildLauncher launcher = launcher("--node-id", "n1");
    List<String> manager = launcher.command(new ChildSpec(Role.ROLE_MANAGER, List.of(),
        List.of()), 40000);
    List<String> api = launcher.command(new ChildSpec(Role.ROLE_API, List.of(), List.of()),
        40000);

    assertThat(manager).contains("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20")
        .as("one collector, and G1 sizes its young generation itself")
        .doesNotContain("-XX:+UseSerialGC", "-Xmn8m");
    assertThat(api).contains("-XX:+UseSerialGC", "-Xmn8m").doesNotContain("-XX:+UseG1GC");
    assertThat(manager.indexOf("-XX:+UseG1GC")).as("before the user's own options")
        .isLessThan(manager.indexOf("-Xmx512m"));
  }

  @ParameterizedTest(name = "{0} is capped at {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ROLE_SPAWNER | -Xmx96m
      ROLE_MANAGER | -Xmx512m
      ROLE_API     | -Xmx128m
      """)
  void everyChildHasACappedHeap(Role role, String heap) {
    List<String> command = launcher("--node-id", "n1")
        .command(new ChildSpec(role, List.of(), List.of()), 40000);

    assertThat(command).contains(heap);
    assertThat(Collections.frequency(command, heap)).isEqualTo(1);
    assertThat(command.get(command.indexOf("-cp") + 3)).isEqualTo(
        role.name().substring("ROLE_".length()).toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void daemonStartsItsChildrenInOrder() {
    assertThat(ChildSpec.SUPERVISED)
        .containsExactly(Role.ROLE_SPAWNER, Role.ROLE_MANAGER, Role.ROLE_API);
  }

  @Test
  void childUsesTheDaemonsTlsMaterial() {
    assertThat(valuesOf(spawnerCommand(), "--tls-dir")).containsExactly("/var/lib/snowfox-test/tls");
    assertThat(valuesOf(launcher("--node-id", "n1", "--tls-dir", "/etc/snowfox/tls")
        .command(new ChildSpec(Role.ROLE_MANAGER, List.of(), List.of()), 40123), "--tls-dir"))
        .containsExactly("/etc/snowfox/tls");
  }

  @Test
  void everyChildExportsSpansWhereTheDaemonDoes() {
    io.snowfox.runtime.role.RoleOptions daemonOptions = new io.snowfox.runtime.role.RoleOptions();
    new CommandLine(daemonOptions).parseArgs("--otlp-endpoint", "http://127.0.0.1:4318");
    ClusterOptions cluster = new ClusterOptions();
    new CommandLine(cluster).parseArgs("--node-id", "n1");
    ChildLauncher launcher = new ChildLauncher(cluster, DATA_DIR, java.util.Optional.empty(),
        daemonOptions.toChildArgs());

    for (Role role : ChildSpec.SUPERVISED) {
      List<String> command = launcher.command(new ChildSpec(role, List.of(), List.of()), 40000);
      assertThat(valuesOf(command, "--otlp-endpoint")).as("%s", role)
          .containsExactly("http://127.0.0.1:4318");
    }
  }

  @Test
  void withoutAnEndpointNoChildExportsSpans() {
    assertThat(spawnerCommand()).doesNotContain("--otlp-endpoint");
  }

  @Test
  void childrenStartedTogetherNeverGetTheSamePort() {
    ChildLauncher launcher = launcher("--node-id", "n1");

    List<Integer> ports = new java.util.ArrayList<>();
    for (int i = 0; i < 16; i++) {
      ports.add(launcher.freePort());
    }

    assertThat(ports).doesNotHaveDuplicates();
  }
}
