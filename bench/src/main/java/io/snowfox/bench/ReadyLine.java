package io.snowfox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a helper JVM of the benchmark and waits for the line it prints on stdout once it is
 * ready: a pipe is read the moment the line is written, so the wait adds no polling interval.
 */
final class ReadyLine {

  /** A started process, and its launch to the moment its readiness line was read. */
  record Started(Process process, Duration ready) {}

  private ReadyLine() {}

  /**
   * Starts {@code command} (stderr to {@code stderr}) and returns once it printed {@code line}.
   * A process that ends its output or is not ready within {@code bound} is stopped, and the
   * failure quotes its stderr.
   */
  static Started start(Processes processes, List<String> command, Path stderr, String line,
      Duration bound, String what) throws Exception {
    long launched = System.nanoTime();
    Process process = processes.start(new ProcessBuilder(command)
        .redirectError(stderr.toFile()));
    CompletableFuture<Long> ready = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String read = lines.readLine(); read != null; read = lines.readLine()) {
          if (read.equals(line)) {
            ready.complete(System.nanoTime());
          }
        }
        ready.completeExceptionally(new IllegalStateException(what + " ended its output"));
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
    }, "bench-ready-line-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    try {
      long readAt = ready.get(bound.toMillis(), TimeUnit.MILLISECONDS);
      return new Started(process, Duration.ofNanos(readAt - launched));
    } catch (ExecutionException | TimeoutException e) {
      processes.stop(process.toHandle(), Duration.ZERO);
      throw new IllegalStateException(what + " not ready within " + bound.toSeconds()
          + " s; its stderr: " + BusBench.tail(stderr), e);
    }
  }
}
