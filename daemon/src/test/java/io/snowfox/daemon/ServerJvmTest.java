package io.snowfox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.cluster.ClusterOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerJvmTest {

  /** The launcher script, from this module's directory (where Maven runs its tests). */
  private static final Path LAUNCHER = Path.of("..", "dist", "src", "main", "dist", "bin",
      "snowfox");

  /**
   * The words of the launcher's first {@code NAME="..."} assignment starting with
   * {@code prefix}, continuation lines joined and {@code $HAZELCAST_FLAGS} expanded.
   */
  private static List<String> assigned(String script, String name, String prefix) {
    String opening = name + "=\"" + prefix;
    int start = script.indexOf(opening);
    assertThat(start).as("the launcher assigns " + opening).isNotNegative();
    int from = start + name.length() + 2;
    String value = script.substring(from, script.indexOf('"', from)).replace("\\\n", " ");
    List<String> words = new ArrayList<>();
    for (String word : value.trim().split("\\s+")) {
      if (word.equals("$HAZELCAST_FLAGS")) {
        words.addAll(assigned(script, "HAZELCAST_FLAGS", ""));
      } else {
        words.add(word);
      }
    }
    return words;
  }

  @Test
  void theLauncherStartsTheDaemonWithTheSettingsTheDaemonGivesItsChildren() throws IOException {
    String script = Files.readString(LAUNCHER);

    List<String> daemon = assigned(script, "FLAGS", "-XX:+UseSerialGC");

    assertThat(daemon).contains("-Xmx512m");
    assertThat(daemon.stream().filter(word -> !word.startsWith("-Xmx")).toList())
        .isEqualTo(ServerJvm.OPTIONS);
    assertThat(assigned(script, "FLAGS", "$FLAGS -XX:SharedArchiveFile"))
        .isEqualTo(java.util.stream.Stream.concat(java.util.stream.Stream.of("$FLAGS"),
            ServerJvm.archiveOptions(Path.of("$ARCHIVE")).stream()).toList());
    assertThat(assigned(script, "ARCHIVE", "")).containsExactly(
        "$SNOWFOX_HOME/" + ServerJvm.ARCHIVE);
  }

  @Test
  void childrenMapTheArchiveOfTheDistributionWhenTheBuildMadeOne(@TempDir Path home)
      throws IOException {
    assertThat(ServerJvm.archive(home.toString())).isEmpty();
    assertThat(ServerJvm.archive(null)).isEmpty();
    Path archive = Files.createDirectories(home.resolve("cds")).resolve("snowfox.jsa");
    Files.write(archive, new byte[] {1});

    assertThat(ServerJvm.archive(home.toString())).contains(archive);
    ClusterOptions cluster = new ClusterOptions();
    new CommandLine(cluster).parseArgs("--node-id", "n1");
    List<String> command = new ChildLauncher(cluster, Path.of("/data"), Optional.of(archive))
        .command(new ChildSpec(Role.ROLE_MANAGER, List.of(), List.of()), 40000);
    assertThat(command).contains("-XX:SharedArchiveFile=" + archive,
        "-XX:ArchiveRelocationMode=0");
    assertThat(command.indexOf("-XX:SharedArchiveFile=" + archive))
        .as("before the heap cap and the user's options")
        .isLessThan(command.indexOf(ChildSpec.defaultHeap(Role.ROLE_MANAGER)));
  }
}
