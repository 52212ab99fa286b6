package io.snowfox.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A headless Chromium for a test: Debian's {@code chromium}, its DevTools on 127.0.0.1 and a
 * port of its choosing, a profile of its own in a temporary directory. {@link #close()} kills
 * it and every process it started, by pid, and removes the profile.
 */
final class Chromium implements AutoCloseable {

  /** The names the browser is found under on the {@code PATH}, Debian's first. */
  private static final List<String> NAMES = List.of("chromium", "chromium-browser");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final int port;

  private Chromium(Process process, Path profile, int port) {
    this.process = process;
    this.profile = profile;
    this.port = port;
  }

  /** The browser -Dsnowfox.chromium names, else {@code command -v chromium}'s. */
  static Optional<Path> find() {
    String given = System.getProperty("snowfox.chromium", "");
    if (!given.isBlank()) {
      return Optional.of(Path.of(given)).filter(Files::isExecutable);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String name : NAMES) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code binary} headless with a window of {@code width} by {@code height}; its output
   * goes to {@code log}.
   */
  static Chromium start(Path binary, Path log, int width, int height)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("snowfox-chromium-");
    Process process = new ProcessBuilder(binary.toString(),
        "--headless=new",
        // The test runs as root in CI, where Chromium's sandbox does not start.
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile,
        "--remote-debugging-address=127.0.0.1",
        "--remote-debugging-port=0",
        "--no-first-run",
        "--no-default-browser-check",
        // Nothing but the page under test goes on the network.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--password-store=basic",
        "--hide-scrollbars",
        "--force-color-profile=srgb",
        "--lang=en-US",
        "--window-size=" + width + "," + height,
        "about:blank")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Chromium chromium = null;
    try {
      chromium = new Chromium(process, profile, awaitPort(process, profile));
      return chromium;
    } finally {
      if (chromium == null) {
        kill(process);
        delete(profile);
      }
    }
  }

  /** The DevTools port, from the file Chromium writes into its profile once it listens. */
  private static int awaitPort(Process process, Path profile)
      throws IOException, InterruptedException {
    Path file = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("chromium exited with " + process.exitValue()
            + " before it listened; see its log");
      }
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (lines.size() >= 2) {
          return Integer.parseInt(lines.get(0).strip());
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("chromium did not listen within " + START_TIMEOUT);
  }

  /** A DevTools session with the browser's page. */
  DevTools page() throws IOException, InterruptedException {
    HttpResponse<String> targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/json/list"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    JsonArray list = new JsonArray(targets.body());
    for (int i = 0; i < list.size(); i++) {
      JsonObject target = list.getJsonObject(i);
      if ("page".equals(target.getString("type"))) {
        return DevTools.connect(URI.create(target.getString("webSocketDebuggerUrl")));
      }
    }
    throw new AssertionError("chromium has no page: " + targets.body());
  }

  @Override
  public void close() {
    kill(process);
    delete(profile);
  }

  /** Kills the browser's processes by pid: its renderers and helpers first, then itself. */
  private static void kill(Process process) {
    List<ProcessHandle> children = new ArrayList<>(process.descendants().toList());
    children.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(child -> child.onExit().completeOnTimeout(child, 5, TimeUnit.SECONDS)
        .join());
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // A profile left in the temporary directory harms nothing.
    }
  }
}
