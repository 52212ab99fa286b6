package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownNodesTest {

  @TempDir
  Path dataDir;

  @Test
  void aManagerRestartedByTheSameDaemonStillCountsTheNodesItKnewButNotThoseThatLeft() {
    KnownNodes before = KnownNodes.open(dataDir, "4242 2026-12-02T01:00:00Z");
    before.addAll(List.of("a", "b", "c"));
    before.addAll(List.of("d"));
    before.remove("d");

    KnownNodes after = KnownNodes.open(dataDir, "4242 2026-12-02T01:00:00Z");

    assertThat(after.snapshot()).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void aNodeStartedAfreshCountsOnlyWhatItSeesFromThen() {
    KnownNodes.open(dataDir, "4242 2026-12-02T01:00:00Z").addAll(List.of("a", "b", "c"));

    assertThat(KnownNodes.open(dataDir, "5151 2026-12-02T02:00:00Z").snapshot()).isEmpty();
    assertThat(KnownNodes.open(dataDir).snapshot()).isEmpty();
  }
}
