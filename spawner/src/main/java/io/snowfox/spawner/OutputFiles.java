package io.snowfox.spawner;

import io.snowfox.protocol.v1.LogStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the output of instances goes and how it is read back. One file per instance and stream
 * ({@code <data-dir>/jobs/<job>/<index>/stdout.log}), appended to across restarts and kept after
 * the instance ends. The process writes to the file directly (so it survives a spawner restart);
 * the spawner rotates by size with copy-and-truncate, keeping {@link #KEPT_FILES} old files.
 * Every method blocks: call them off the event loop.
 */
final class OutputFiles {

  /** A stream is rotated once it is larger than this. */
  static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
  /** Rotated files kept per stream: stdout.log.1 ... stdout.log.3. */
  static final int KEPT_FILES = 3;
  /** Largest chunk one ReadLogs answer carries. */
  static final int MAX_CHUNK_BYTES = 256 * 1024;

  private final Path root;

  OutputFiles(Path dataDir) {
    this.root = dataDir.resolve("jobs");
  }

  /**
   * Deletes every output file of a job; returns how many files were deleted (0 when the job has
   * no output here).
   */
  int deleteJob(String jobId) throws IOException {
    Path dir = DataPaths.under(root, jobId);
    if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    int[] deleted = {0};
    Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file,
          java.nio.file.attribute.BasicFileAttributes attributes) throws IOException {
        Files.delete(file);
        deleted[0]++;
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult postVisitDirectory(Path visited, IOException failure)
          throws IOException {
        if (failure != null) {
          throw failure;
        }
        Files.delete(visited);
        return java.nio.file.FileVisitResult.CONTINUE;
      }
    });
    return deleted[0];
  }

  /**
   * The directory of an instance's output.
   *
   * @throws io.snowfox.protocol.StatusException BAD_REQUEST when the ids would name a path
   *     outside the output root
   */
  Path instanceDir(String jobId, int index) {
    return DataPaths.under(root, jobId, Integer.toString(index));
  }

  Path file(String jobId, int index, LogStream stream) {
    return instanceDir(jobId, index)
        .resolve(stream == LogStream.LOG_STREAM_STDERR ? "stderr.log" : "stdout.log");
  }

  /** Rotates the instance's streams that grew past the limit. */
  void rotateIfLarge(String jobId, int index) throws IOException {
    for (LogStream stream : new LogStream[] {LogStream.LOG_STREAM_STDOUT,
        LogStream.LOG_STREAM_STDERR}) {
      Path file = file(jobId, index, stream);
      if (Files.exists(file) && Files.size(file) > MAX_FILE_BYTES) {
        for (int i = KEPT_FILES - 1; i >= 1; i--) {
          Path older = file.resolveSibling(file.getFileName() + "." + i);
          if (Files.exists(older)) {
            Files.move(older, file.resolveSibling(file.getFileName() + "." + (i + 1)),
                StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.copy(file, file.resolveSibling(file.getFileName() + ".1"),
            StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
          raf.setLength(0);
        }
      }
    }
  }

  /** A chunk of output and where the next read starts. */
  record Chunk(byte[] data, long offset, long nextOffset) {}

  /**
   * Reads from {@code offset}, or the last {@code tailLines} lines when offset is negative. An
   * offset past the end (the file was rotated) starts again at 0.
   */
  Chunk read(Path file, long offset, int tailLines, int maxBytes) throws IOException {
    int limit = maxBytes <= 0 ? MAX_CHUNK_BYTES : Math.min(maxBytes, MAX_CHUNK_BYTES);
    if (!Files.exists(file)) {
      return new Chunk(new byte[0], Math.max(offset, 0), Math.max(offset, 0));
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long size = raf.length();
      long start = offset < 0 ? tailStart(raf, size, tailLines) : offset > size ? 0 : offset;
      int length = (int) Math.min(limit, size - start);
      byte[] data = new byte[length];
      raf.seek(start);
      raf.readFully(data);
      return new Chunk(data, start, start + length);
    }
  }

  /** Offset of the first byte of the last {@code lines} lines (a final newline ends a line). */
  static long tailStart(RandomAccessFile raf, long size, int lines) throws IOException {
    if (lines <= 0) {
      return size;
    }
    long pos = size;
    int newlines = 0;
    byte[] block = new byte[8192];
    while (pos > 0) {
      int n = (int) Math.min(block.length, pos);
      pos -= n;
      raf.seek(pos);
      raf.readFully(block, 0, n);
      for (int i = n - 1; i >= 0; i--) {
        if (block[i] == '\n' && pos + i != size - 1) {
          newlines++;
          if (newlines == lines) {
            return pos + i + 1;
          }
        }
      }
    }
    return 0;
  }
}
