package io.snowfox.spawner;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.LogStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OutputFilesTest {

  @TempDir
  Path dataDir;

  private OutputFiles files;
  private Path stdout;

  @BeforeEach
  void createFiles() throws IOException {
    files = new OutputFiles(dataDir);
    stdout = files.file("job-1", 0, LogStream.LOG_STREAM_STDOUT);
    Files.createDirectories(stdout.getParent());
  }

  private Path write(String content) throws IOException {
    return Files.writeString(stdout, content, UTF_8);
  }

  private static String text(OutputFiles.Chunk chunk) {
    return new String(chunk.data(), UTF_8);
  }

  /** Reads the last {@code lines} lines, as ReadLogs does with a negative offset. */
  private String tail(int lines) throws IOException {
    return text(files.read(stdout, -1, lines, 0));
  }

  @Test
  void eachInstanceAndStreamHasItsOwnFile() {
    assertThat(files.file("job-1", 2, LogStream.LOG_STREAM_STDERR))
        .isEqualTo(dataDir.resolve("jobs/job-1/2/stderr.log"));
    assertThat(files.file("job-1", 2, LogStream.LOG_STREAM_STDOUT))
        .isEqualTo(dataDir.resolve("jobs/job-1/2/stdout.log"));
  }

  @Test
  void readsFromAnOffsetToTheEnd() throws IOException {
    write("hello world\n");

    OutputFiles.Chunk chunk = files.read(stdout, 6, 0, 0);

    assertThat(text(chunk)).isEqualTo("world\n");
    assertThat(chunk.offset()).isEqualTo(6);
    assertThat(chunk.nextOffset()).isEqualTo(12);
  }

  @Test
  void aReadStopsAtTheAskedSizeAndTheNextGoesOn() throws IOException {
    write("hello world\n");

    OutputFiles.Chunk first = files.read(stdout, 0, 0, 5);
    OutputFiles.Chunk second = files.read(stdout, first.nextOffset(), 0, 5);

    assertThat(text(first)).isEqualTo("hello");
    assertThat(text(second)).isEqualTo(" worl");
    assertThat(second.nextOffset()).isEqualTo(10);
  }

  @Test
  void noChunkIsLargerThanTheLimit() throws IOException {
    Files.write(stdout, new byte[OutputFiles.MAX_CHUNK_BYTES + 100]);

    assertThat(files.read(stdout, 0, 0, Integer.MAX_VALUE).data())
        .hasSize(OutputFiles.MAX_CHUNK_BYTES);
    assertThat(files.read(stdout, 0, 0, 0).data()).hasSize(OutputFiles.MAX_CHUNK_BYTES);
  }

  @Test
  void readingAtTheEndGivesNothingNew() throws IOException {
    write("abc");

    OutputFiles.Chunk chunk = files.read(stdout, 3, 0, 0);

    assertThat(chunk.data()).isEmpty();
    assertThat(chunk.nextOffset()).isEqualTo(3);
  }

  @Test
  void anOffsetPastTheEndStartsAgainAtZeroAsAfterARotation() throws IOException {
    write("new\n");

    OutputFiles.Chunk chunk = files.read(stdout, 1_000, 0, 0);

    assertThat(text(chunk)).isEqualTo("new\n");
    assertThat(chunk.offset()).isZero();
    assertThat(chunk.nextOffset()).isEqualTo(4);
  }

  @Test
  void aStreamWithoutOutputYetReadsEmpty() throws IOException {
    Path stderr = files.file("job-1", 0, LogStream.LOG_STREAM_STDERR);

    OutputFiles.Chunk chunk = files.read(stderr, 7, 0, 0);

    assertThat(chunk.data()).isEmpty();
    assertThat(chunk.offset()).isEqualTo(7);
    assertThat(chunk.nextOffset()).isEqualTo(7);
  }

  @ParameterizedTest(name = "last {1} line(s) of \"{0}\" -> \"{2}\"")
  @CsvSource(delimiter = '|', value = {
      // output            | lines | tail
      "a\\nb\\nc\\n        | 2     | b\\nc\\n",
      "a\\nb\\nc           | 2     | b\\nc",
      "a\\nb\\nc\\n        | 1     | c\\n",
      "a\\nb\\nc           | 1     | c",
      "a\\nb\\nc\\n        | 3     | a\\nb\\nc\\n",
      "a\\nb\\nc\\n        | 10    | a\\nb\\nc\\n",
      "a\\nb\\nc           | 10    | a\\nb\\nc",
      "a\\n\\n\\nb\\n      | 2     | \\nb\\n",
      "\\n                 | 1     | \\n",
      "a\\nb\\n            | 0     | ''",
      "''                 | 3     | ''",
  })
  void tailGivesTheLastLines(String output, int lines, String expected) throws IOException {
    write(output.replace("\\n", "\n"));

    assertThat(tail(lines)).isEqualTo(expected.replace("\\n", "\n"));
  }

  @Test
  void tailReachesBackAcrossManyBlocks() throws IOException {
    StringBuilder output = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      output.append("line ").append(i).append('\n');
    }
    write(output.toString());

    assertThat(tail(3)).isEqualTo("line 4997\nline 4998\nline 4999\n");
    assertThat(tail(2_000).lines()).hasSize(2_000).startsWith("line 3000");
  }

  @Test
  void aTailChunkStartsAtItsFirstLine() throws IOException {
    write("one\ntwo\nthree\n");

    OutputFiles.Chunk chunk = files.read(stdout, -1, 1, 0);

    assertThat(chunk.offset()).isEqualTo(8);
    assertThat(chunk.nextOffset()).isEqualTo(14);
  }

  @Test
  void aSmallFileIsNotRotated() throws IOException {
    write("small\n");

    files.rotateIfLarge("job-1", 0);

    assertThat(Files.readString(stdout)).isEqualTo("small\n");
    assertThat(stdout.resolveSibling("stdout.log.1")).doesNotExist();
  }

  @Test
  void rotationKeepsThreeOldFilesAndEmptiesTheLiveOne() throws IOException {
    Path one = stdout.resolveSibling("stdout.log.1");
    Path two = stdout.resolveSibling("stdout.log.2");
    Path three = stdout.resolveSibling("stdout.log.3");
    Files.writeString(one, "older", UTF_8);
    Files.writeString(two, "oldest", UTF_8);

    growPastTheLimit("newest");
    files.rotateIfLarge("job-1", 0);

    assertThat(stdout).isEmptyFile();
    assertThat(Files.size(one)).isEqualTo(OutputFiles.MAX_FILE_BYTES + 1);
    assertThat(firstLine(one)).isEqualTo("newest");
    assertThat(Files.readString(two)).isEqualTo("older");
    assertThat(Files.readString(three)).isEqualTo("oldest");

    growPastTheLimit("latest");
    files.rotateIfLarge("job-1", 0);

    assertThat(firstLine(one)).isEqualTo("latest");
    assertThat(firstLine(two)).isEqualTo("newest");
    assertThat(Files.readString(three)).isEqualTo("older");
    assertThat(stdout.resolveSibling("stdout.log.4")).doesNotExist();
  }

  @Test
  void rotationTruncatesInPlaceSoAWriterKeepsAppending() throws IOException {
    growPastTheLimit("before");
    try (var writer = Files.newOutputStream(stdout, StandardOpenOption.APPEND)) {
      files.rotateIfLarge("job-1", 0);
      writer.write("after\n".getBytes(UTF_8));
    }

    assertThat(Files.readString(stdout)).isEqualTo("after\n");
  }

  /** Makes the live stdout file one byte larger than the limit, starting with {@code first}. */
  private void growPastTheLimit(String first) throws IOException {
    write(first + "\n");
    try (RandomAccessFile raf = new RandomAccessFile(stdout.toFile(), "rw")) {
      raf.setLength(OutputFiles.MAX_FILE_BYTES + 1);
    }
  }

  private static String firstLine(Path file) throws IOException {
    try (var lines = Files.lines(file, ISO_8859_1)) {
      return lines.findFirst().orElse("");
    }
  }
}
