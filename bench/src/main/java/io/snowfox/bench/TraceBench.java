package io.snowfox.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * How fast {@code GET /v1/traces/{id}} answers when a node has a lot of logs: writes rotated
 * JSON log files of realistic lines (mostly other correlation ids, a few of the one asked for)
 * into a node's data dir, starts the node, and times the trace query, along with the daemon's
 * resident memory before and after (the search must not load files into memory).
 *
 * <p>{@code java ... io.snowfox.bench.TraceBench DIST_DIR GIGABYTES OUT.md}
 */
public final class TraceBench {

  static final int HITS = 24;
  static final int RUNS = 5;
  static final String[] ROLES = {"daemon", "spawner", "manager", "api"};
  static final int FILES_PER_ROLE = 3;

  private TraceBench() {}

  public static void main(String[] args) throws Exception {
    Path dist = Path.of(args[0]).toAbsolutePath();
    double gigabytes = Double.parseDouble(args[1]);
    Path out = Path.of(args[2]);
    Path data = Files.createTempDirectory("snowfox-trace-bench");
    dataDir = data;
    String wanted = "bench-" + UUID.randomUUID();
    long written = writeLogs(data.resolve("logs"), wanted, (long) (gigabytes * 1e9));
    int clusterPort = Ports.free();
    int httpPort = Ports.free();
    Process node = new ProcessBuilder(dist.resolve("bin/snowfox").toString(), "daemon",
        "--node-id", "tracebench", "--data-dir", data.toString(),
        "--cluster-name", "trace-bench-" + ProcessHandle.current().pid(),
        "--cluster-port", Integer.toString(clusterPort), "--http-port",
        Integer.toString(httpPort))
        .redirectErrorStream(true).redirectOutput(data.resolve("console.out").toFile()).start();
    List<ProcessHandle> tree = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    try {
      String api = "http://127.0.0.1:" + httpPort;
      waitGreen(api, node);
      node.toHandle().descendants().forEach(tree::add);
      long rssBefore = ProcMemory.read(node.toHandle()).rssKib();
      List<Long> millis = new ArrayList<>();
      JsonObject last = null;
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        last = get(api + "/v1/traces/" + wanted);
        millis.add((System.nanoTime() - start) / 1_000_000);
      }
      long rssAfter = ProcMemory.read(node.toHandle()).rssKib();
      JsonObject nodeAnswer = last.getJsonArray("nodes").getJsonObject(0);
      long scanned = nodeAnswer.getLong("bytes_scanned");
      List<Long> sorted = new ArrayList<>(millis);
      sorted.sort(null);
      long median = sorted.get(sorted.size() / 2);
      report.append("## 11. Trace query on large logs\n\n")
          .append(String.format(Locale.ROOT, "Logs written: %.2f GB in %d files (%d roles x %d "
              + "rotated files) of JSON lines like the ones SnowFox writes; %d lines carry the "
              + "correlation id asked for.%n%n", written / 1e9, ROLES.length * FILES_PER_ROLE,
              ROLES.length, FILES_PER_ROLE, HITS))
          .append("| measure | value |\n|---|---|\n")
          .append(String.format(Locale.ROOT, "| bytes the daemon scanned | %.2f GB |%n",
              scanned / 1e9))
          .append(String.format(Locale.ROOT, "| entries found | %d |%n",
              last.getJsonArray("entries").size()))
          .append(String.format(Locale.ROOT, "| `GET /v1/traces/{id}`, %d runs (ms) | %s |%n",
              RUNS, millis))
          .append(String.format(Locale.ROOT, "| median | %d ms (%.2f GB/s) |%n", median,
              scanned / 1e9 / (median / 1000.0)))
          .append(String.format(Locale.ROOT, "| daemon RSS before / after the queries | %d / "
              + "%d MiB (heap capped at 128 MiB) |%n%n", rssBefore / 1024, rssAfter / 1024))
          .append("Command: `bench/run.sh` (section 11 runs `io.snowfox.bench.TraceBench "
              + "dist/target/snowfox 1.1 OUT`). ")
          .append("The files were just written, so they are in the page cache: this is the "
              + "search's own speed (one daemon thread reading 4 MiB blocks and scanning them "
              + "with `String.indexOf` on a Latin-1 view), not the disk's.\n");
      Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
      System.out.print(report);
    } finally {
      node.destroy();
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
      tree.forEach(ProcessHandle::destroyForcibly);
      deleteTree(data);
    }
    System.exit(0);
  }

  /** Writes rotated log files totalling about {@code bytes}; returns what was written. */
  static long writeLogs(Path dir, String wanted, long bytes) throws IOException {
    Files.createDirectories(dir);
    Random random = new Random(42);
    int files = ROLES.length * FILES_PER_ROLE;
    long perFile = bytes / files;
    long total = 0;
    int hitsLeft = HITS;
    String[] others = new String[1000];
    for (int i = 0; i < others.length; i++) {
      others[i] = UUID.randomUUID().toString();
    }
    for (String role : ROLES) {
      for (int f = 1; f <= FILES_PER_ROLE; f++) {
        Path file = dir.resolve(role + "." + f + ".log");
        long size = 0;
        int hitsHere = hitsLeft / Math.max(1, files--);
        long hitEvery = Math.max(1, perFile / 330 / Math.max(1, hitsHere + 1));
        long line = 0;
        try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(file),
            1 << 20)) {
          while (size < perFile) {
            boolean hit = hitsHere > 0 && ++line % hitEvery == 0;
            String id = hit ? wanted : others[random.nextInt(others.length)];
            if (hit) {
              hitsHere--;
              hitsLeft--;
            }
            byte[] bytesOfLine = ("{\"time\":\"2026-11-22T04:" + two(line / 60 % 60) + ":"
                + two(line % 60) + "." + (100000 + random.nextInt(899999))
                + "Z\",\"message\":\"handled request number " + line + " for job web-"
                + Integer.toHexString(random.nextInt()) + " in " + random.nextInt(5000)
                + " us\",\"logger\":\"io.snowfox.runtime.bus.Routes\",\"thread\":"
                + "\"vert.x-eventloop-thread-1\",\"level\":\"INFO\",\"correlation_id\":\"" + id
                + "\",\"kind\":\"SubmitJobRequest\",\"node\":\"tracebench\",\"role\":\"" + role
                + "\"}\n").getBytes(StandardCharsets.UTF_8);
            stream.write(bytesOfLine);
            size += bytesOfLine.length;
          }
        }
        total += size;
      }
    }
    return total;
  }

  private static String two(long n) {
    return n < 10 ? "0" + n : Long.toString(n);
  }

  private static void waitGreen(String api, Process node) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!node.isAlive()) {
        throw new IllegalStateException("the node exited");
      }
      try {
        JsonArray nodes = get(api + "/v1/nodes").getJsonArray("nodes");
        if (!nodes.isEmpty() && "GREEN".equals(nodes.getJsonObject(0).getString("status"))) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the node did not turn GREEN within 120 s");
  }

  /** The management token of the benchmark's node, once it has written it. */
  private static volatile Path dataDir;

  private static JsonObject get(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    if (dataDir != null) {
      io.snowfox.runtime.security.ManagementToken.read(dataDir).ifPresent(token ->
          connection.setRequestProperty("Authorization", "Bearer " + token));
    }
    connection.setConnectTimeout(5000);
    connection.setReadTimeout(60000);
    int status = connection.getResponseCode();
    if (status != 200) {
      throw new IOException("HTTP " + status);
    }
    return new JsonObject(new String(connection.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
