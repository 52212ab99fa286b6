import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the distribution's class-data archive, {@code cds/snowfox.jsa}, at package time:
 *
 * <ol>
 *   <li>runs the client commands once against canned answers ({@code CdsTraining}) and a real
 *       single-node SnowFox through a job's whole life, each JVM listing the classes it loads
 *       ({@code -XX:DumpLoadedClassList});
 *   <li>merges the lists and has the JVM the launcher will use pre-parse those classes into one
 *       static archive ({@code -Xshare:dump}).
 * </ol>
 *
 * <p>Every JVM of a node then maps that one file at the same address, so its pages are shared
 * instead of each JVM parsing and holding its own copy of the same classes. The archive fits only
 * the JDK and the jars it was made from: the JVM ignores it otherwise, and SnowFox then starts
 * without it. So a failure here is reported and the build goes on (an integration test checks
 * that a built node maps the archive).
 *
 * <p>Run by the dist module's build with the JDK's source launcher:
 * {@code java ClassArchive.java <snowfox-home> <work-dir>}. Not part of the product.
 */
public final class ClassArchive {

  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(120);
  private static final List<String> ROLES = List.of("spawner", "manager", "api");
  /** The server roles' module flags (bin/snowfox): classes are archived as they load there. */
  private static final List<String> MODULE_FLAGS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]).toAbsolutePath().normalize();
    Path work = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
    Path archive = home.resolve("cds").resolve("snowfox.jsa");
    Files.deleteIfExists(archive); // made for the jars of an earlier build
    try {
      List<Path> lists = new ArrayList<>();
      lists.add(clientClasses(home, work));
      lists.addAll(nodeClasses(home, work));
      Path merged = merge(lists, work.resolve("snowfox.classlist"));
      dump(home, merged, archive, work.resolve("dump.log"));
      System.out.printf("class-data archive %s: %d classes, %d MiB%n", archive,
          Files.readAllLines(merged).stream().filter(l -> !l.startsWith("@")).count(),
          Files.size(archive) >> 20);
    } catch (Exception e) {
      Files.deleteIfExists(archive);
      System.out.println("WARNING: no class-data archive (SnowFox works without it, but starts"
          + " slower and takes more memory): " + e.getMessage() + "; details in " + work);
    }
    System.exit(0);
  }

  /** The java the launcher runs: $JAVA_HOME/bin/java, else the one on the PATH. */
  private static String java() {
    String javaHome = System.getenv("JAVA_HOME");
    return javaHome == null || javaHome.isEmpty() ? "java"
        : Path.of(javaHome, "bin", "java").toString();
  }

  private static Path clientClasses(Path home, Path work) throws Exception {
    Path list = work.resolve("cli.classlist");
    Files.deleteIfExists(list);
    run(List.of(java(), "-XX:DumpLoadedClassList=" + list, "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", home.resolve("lib") + "/*",
        "io.snowfox.cli.CdsTraining"), work.resolve("cli.log"), Duration.ofSeconds(60));
    return list;
  }

  /** Runs a node through start, one job, its logs and trace, and stop; returns its lists. */
  private static List<Path> nodeClasses(Path home, Path work) throws Exception {
    Path data = work.resolve("node");
    deleteTree(data);
    List<Path> lists = new ArrayList<>();
    int clusterPort = freePort();
    int httpPort = freePort();
    while (httpPort == clusterPort) { // the kernel may offer a port it just offered
      httpPort = freePort();
    }
    List<String> command = new ArrayList<>(List.of(home.resolve("bin/snowfox").toString(),
        "daemon", "--node-id", "archive", "--data-dir", data.toString(),
        "--cluster-name", "archive-" + ProcessHandle.current().pid(),
        "--cluster-port", Integer.toString(clusterPort),
        "--http-port", Integer.toString(httpPort)));
    for (String role : ROLES) {
      Path list = work.resolve(role + ".classlist");
      Files.deleteIfExists(list);
      lists.add(list);
      command.addAll(List.of("--jvm-opt", role + "=-XX:DumpLoadedClassList=" + list));
    }
    Path daemonList = work.resolve("daemon.classlist");
    Files.deleteIfExists(daemonList);
    lists.add(daemonList);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("node.log").toFile());
    builder.environment().put("SNOWFOX_JAVA_OPTS", "-XX:DumpLoadedClassList=" + daemonList);
    int port = Integer.parseInt(command.get(command.indexOf("--http-port") + 1));
    Process daemon = builder.start();
    List<ProcessHandle> children = new ArrayList<>();
    try {
      exercise(new Api("http://127.0.0.1:" + port, data, daemon));
      daemon.descendants().forEach(children::add);
      daemon.destroy(); // SIGTERM: the daemon stops its children, and every JVM writes its list
      if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the node did not stop within 60 s");
      }
    } finally {
      daemon.descendants().forEach(children::add);
      children.forEach(ProcessHandle::destroyForcibly);
      daemon.destroyForcibly();
    }
    return lists;
  }

  private static void exercise(Api api) throws Exception {
    api.await("the node is GREEN", () -> {
      String nodes = api.get("/v1/nodes");
      List<String> statuses = all(nodes, "\"status\":\"(\\w+)\"");
      return statuses.size() >= 4 && statuses.stream().allMatch("GREEN"::equals);
    });
    HttpResponse<String> submitted = api.send(HttpRequest.newBuilder(api.uri("/v1/jobs"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"name\":\"archive\",\"command\":\"/bin/echo\",\"args\":[\"hello\"]}")));
    if (submitted.statusCode() != 201) {
      throw new IllegalStateException("the job was refused: " + submitted.body());
    }
    String id = all(submitted.body(), "\"id\":\"([^\"]+)\"").get(0);
    api.await("the job is complete", () -> api.get("/v1/jobs/" + id)
        .contains("\"state\":\"complete\""));
    api.get("/v1/jobs/" + id + "/logs");
    api.get("/v1/jobs");
    api.get("/v1/traces/" + submitted.headers().firstValue("X-Correlation-Id").orElse("none"));
  }

  private static Path merge(List<Path> lists, Path merged) throws IOException {
    Set<String> lines = new LinkedHashSet<>();
    for (Path list : lists) {
      if (!Files.isRegularFile(list) || Files.size(list) == 0) {
        throw new IllegalStateException("no class list at " + list);
      }
      for (String line : Files.readAllLines(list)) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line);
        }
      }
    }
    return Files.write(merged, lines);
  }

  private static void dump(Path home, Path classList, Path archive, Path log) throws Exception {
    Files.createDirectories(archive.getParent());
    List<String> command = new ArrayList<>(List.of(java(), "-Xshare:dump",
        "-XX:SharedClassListFile=" + classList, "-XX:SharedArchiveFile=" + archive,
        "-XX:+UseSerialGC"));
    command.addAll(MODULE_FLAGS);
    command.addAll(List.of("-cp", home.resolve("lib") + "/*"));
    run(command, log, Duration.ofSeconds(180));
    if (!Files.isRegularFile(archive)) {
      throw new IllegalStateException("-Xshare:dump made no archive (see " + log + ")");
    }
  }

  private static void run(List<String> command, Path log, Duration timeout) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(command.get(1) + " took longer than " + timeout);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " exited with "
            + process.exitValue() + " (see " + log + ")");
      }
    } finally {
      process.destroyForcibly();
    }
  }

  private static List<String> all(String text, String regex) {
    List<String> found = new ArrayList<>();
    Matcher matcher = Pattern.compile(regex).matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (Files.exists(root)) {
      try (var paths = Files.walk(root)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  /** The node's HTTP API, with the management token it writes on its first start. */
  private record Api(String base, Path dataDir, Process daemon) {

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(2)).build();

    URI uri(String path) {
      return URI.create(base + path);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
      String token = Files.readString(dataDir.resolve("management.token"),
          StandardCharsets.UTF_8).trim();
      return HTTP.send(request.header("Authorization", "Bearer " + token)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(String path) throws Exception {
      return send(HttpRequest.newBuilder(uri(path)).GET()).body();
    }

    void await(String what, Check check) throws Exception {
      Instant deadline = Instant.now().plus(NODE_TIMEOUT);
      while (true) {
        if (!daemon.isAlive()) {
          throw new IllegalStateException("the node exited before " + what);
        }
        try {
          if (check.passes()) {
            return;
          }
        } catch (IOException | RuntimeException notYet) {
          // not listening yet, or no token yet
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("timed out waiting until " + what);
        }
        Thread.sleep(100);
      }
    }
  }

  private interface Check {
    boolean passes() throws Exception;
  }
}
