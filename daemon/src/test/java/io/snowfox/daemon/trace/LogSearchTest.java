package io.snowfox.daemon.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.LogEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogSearchTest {

  private static String line(String id, String message) {
    return "{\"time\":\"2026-12-01T10:00:00.000Z\",\"message\":\"" + message + "\",\"level\":"
        + "\"INFO\",\"correlation_id\":\"" + id + "\",\"node\":\"n1\",\"role\":\"manager\"}\n";
  }

  @Test
  void findsTheLinesOfOneIdInEveryLogFileAcrossBlocks(@TempDir Path logs) throws IOException {
    StringBuilder big = new StringBuilder();
    while (big.length() < LogSearch.BLOCK_BYTES + 1000) {
      big.append(line("other", "filler"));
    }
    big.append(line("wanted", "after the first block"));
    Files.writeString(logs.resolve("manager.1.log"), big, StandardCharsets.UTF_8);
    Files.writeString(logs.resolve("api.log"), line("wanted", "first") + line("other", "no"),
        StandardCharsets.UTF_8);
    Files.writeString(logs.resolve("notes.txt"), line("wanted", "not a log file"));

    LogSearch.Result found = LogSearch.search(logs, "wanted", 0);

    assertThat(found.entries()).extracting(LogEntry::getMessage)
        .containsExactlyInAnyOrder("first", "after the first block");
    assertThat(found.bytesScanned()).isGreaterThan(LogSearch.BLOCK_BYTES);
  }

  @Test
  void findsTheNeedleWhereverItIsInTheBlockAndOnlyWithinTheRangeAsked() {
    byte[] block = "ab\"id\":\"x\"\nzz\"id\":\"x\"".getBytes(StandardCharsets.UTF_8);
    byte[] needle = "\"id\":\"x\"".getBytes(StandardCharsets.UTF_8);

    assertThat(LogSearch.indexOf(block, 0, block.length, needle)).isEqualTo(2);
    assertThat(LogSearch.indexOf(block, 3, block.length, needle)).as("the one at the end")
        .isEqualTo(block.length - needle.length);
    assertThat(LogSearch.indexOf(block, 3, block.length - 1, needle)).as("cut by the range")
        .isEqualTo(-1);
    assertThat(LogSearch.indexOf(block, 0, block.length,
        "nowhere".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
  }
}
