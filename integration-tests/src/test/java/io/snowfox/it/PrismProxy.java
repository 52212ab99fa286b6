package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stoplight Prism as a validating proxy in front of a node's API: it checks each request and
 * each answer against the OpenAPI document and, with {@code --errors}, answers a violation
 * itself (an {@code application/problem+json} whose {@code type} is one of Prism's) instead of
 * passing it on. {@link #close()} kills it, and anything it started, by pid.
 */
final class PrismProxy implements AutoCloseable {

  /** The start of the {@code type} of every problem Prism answers itself. */
  static final String PROBLEM_TYPE = "https://stoplight.io/prism/errors#";
  /** The header in which Prism lists the violations of an answer it passed on. */
  static final String VIOLATIONS_HEADER = "sl-violations";

  private final Process process;
  private final Path log;
  final int port;

  private PrismProxy(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts Prism on a free loopback port, proxying to {@code upstream}; it checks requests too
   * when {@code checkRequests}.
   */
  static PrismProxy start(Path prism, Path document, String upstream, boolean checkRequests,
      Path log) throws IOException {
    int port = Ports.free();
    ProcessBuilder builder = new ProcessBuilder(List.of(prism.toString(), "proxy", "--errors",
        "--validate-request", Boolean.toString(checkRequests), "--cors", "false",
        "-h", "127.0.0.1", "-p", Integer.toString(port), document.toString(), upstream))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    ApiTools.quiet(builder);
    PrismProxy proxy = new PrismProxy(builder.start(), log, port);
    try {
      eventually(Duration.ofSeconds(60), () -> {
        assertThat(proxy.process.isAlive()).as("prism is running; it said:%n%s", proxy.log())
            .isTrue();
        try (Socket socket = new Socket()) {
          socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
      });
    } catch (RuntimeException | AssertionError e) {
      proxy.close();
      throw e;
    }
    return proxy;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** What Prism has logged so far. */
  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Override
  public void close() {
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}
