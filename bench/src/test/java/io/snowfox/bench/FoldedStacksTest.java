package io.snowfox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldedStacksTest {

  @TempDir Path dir;

  @Test
  void framesHaveAbbreviatedPackagesAndNoLambdaAddress() {
    assertThat(FoldedStacks.frame("io.netty.channel.DefaultChannelPipeline", "fireChannelRead"))
        .isEqualTo("i.n.c.DefaultChannelPipeline.fireChannelRead");
    assertThat(FoldedStacks.frame("io.snowfox.spawner.Spawner$$Lambda$412/0x0000000800d3c000",
        "apply")).isEqualTo("i.s.s.Spawner$$Lambda$412.apply");
    assertThat(FoldedStacks.frame("Top", "main")).isEqualTo("Top.main");
  }

  @Test
  void keepsEveryStackWhenNoCallIsUnderTheShare() throws Exception {
    Path file = dir.resolve("role.folded");

    double kept = FoldedStacks.write(Map.of("main;a;b", 3L, "main;a", 1L, "main;c", 2L), file);

    assertThat(kept).isEqualTo(100.0);
    assertThat(Files.readAllLines(file))
        .containsExactlyInAnyOrder("main;a;b 3", "main;a 1", "main;c 2");
  }

  @Test
  void cutsRareCallsAndKeepsTheirSamplesWithTheCaller() throws Exception {
    Path file = dir.resolve("role.folded");
    // 400 samples: a call needs 2 (0.5 %) to stay.
    Map<String, Long> stacks = Map.of("main;hot", 397L, "main;rare;deep", 1L,
        "main;other", 1L, "main;hot;leaf", 1L);

    double kept = FoldedStacks.write(stacks, file);

    assertThat(Files.readAllLines(file)).containsExactlyInAnyOrder("main;hot 397",
        "main;hot;" + FoldedStacks.PRUNED + " 1", "main;" + FoldedStacks.PRUNED + " 2");
    assertThat(kept).isEqualTo(99.25);
  }
}
