package io.snowfox.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.google.protobuf.RuntimeVersion;
import com.hazelcast.instance.BuildInfoProvider;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.security.TlsDir;
import io.snowfox.runtime.security.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * Request/reply between this JVM and an {@link EchoMember} JVM on the clustered event bus, over
 * loopback: latency of sequential round trips and throughput with many requests in flight, for
 * a SnowFox envelope and for a raw buffer of the same size.
 */
final class BusBench {

  static final String NODE_ID = "bench";
  /** This JVM holds the cluster's data, as a daemon does; the echo is a lite member. */
  static final boolean LITE_MEMBER = false;
  static final String LOOPBACK = "127.0.0.1";
  static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
  static final Duration ECHO_READY_TIMEOUT = Duration.ofSeconds(90);
  /** How long the echo's consumers may take to become visible here. */
  static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(60);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  static final Duration ECHO_STOP_GRACE = Duration.ofSeconds(15);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(15);

  /** What was measured for one exchange. */
  record Measured(Exchange exchange, RoundTrips.Sequential sequential, RoundTrips.Load load) {}

  /** The results and how they were taken. */
  record Result(String clusterName, List<String> echoCommand, String vertxVersion,
      String hazelcastVersion, String protobufVersion, List<Measured> exchanges) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  BusBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() throws Exception {
    // As in every SnowFox process (snowfox-logback.xml): the echo's departure at the end is
    // expected, not worth a warning per reconnection attempt.
    ((Logger) LoggerFactory.getLogger(
        "com.hazelcast.internal.server.tcp.TcpServerConnectionErrorHandler"))
        .setLevel(Level.ERROR);
    String clusterName = "bench-" + ProcessHandle.current().pid();
    int benchPort = Ports.free();
    BenchMain.say("bus: joining cluster " + clusterName + " on " + LOOPBACK + ":" + benchPort);
    // The bus as every SnowFox process runs it: mutual TLS, certificates of one cluster CA.
    TlsDir tls = TlsMaterial.createCluster(new TlsDir(workDir.resolve("bus-tls")), NODE_ID,
        List.of(LOOPBACK));
    Clusters.Member member = await(Clusters.join(
        clusterOptions(NODE_ID, clusterName, benchPort, List.of()), tls, "bench", LITE_MEMBER),
        JOIN_TIMEOUT, "joining the cluster");
    Process echo = null;
    try {
      List<String> echoCommand = echoCommand(clusterName, Ports.free(), benchPort, tls);
      echo = startEcho(echoCommand);
      Bus bus = new Bus(member.vertx(),
          Endpoint.newBuilder().setNodeId(NODE_ID).setRole(Role.ROLE_CLIENT).build());
      Endpoint echoEndpoint = Endpoint.newBuilder()
          .setNodeId(EchoMember.NODE_ID).setRole(EchoMember.ROLE).build();
      var envelope = new Exchanges.EnvelopeExchange(bus, echoEndpoint, Bus.DEFAULT_REQUEST_TIMEOUT);
      var raw = new Exchanges.RawExchange(bus, envelope.requestBytes(),
          Bus.DEFAULT_REQUEST_TIMEOUT);
      awaitVisible("envelope echo", envelope::probe);
      awaitVisible("raw echo", raw::probe);

      List<Measured> measured = new ArrayList<>();
      for (Exchange exchange : List.<Exchange>of(envelope, raw)) {
        measured.add(measure(member.vertx(), exchange));
      }
      return new Result(clusterName, echoCommand,
          String.valueOf(Vertx.class.getPackage().getImplementationVersion()),
          BuildInfoProvider.getBuildInfo().getVersion(),
          RuntimeVersion.MAJOR + "." + RuntimeVersion.MINOR + "." + RuntimeVersion.PATCH,
          measured);
    } finally {
      try {
        if (echo != null) {
          processes.stop(echo.toHandle(), ECHO_STOP_GRACE);
        }
      } finally {
        await(member.vertx().close(), CLOSE_TIMEOUT, "leaving the cluster");
      }
    }
  }

  private Measured measure(Vertx vertx, Exchange exchange) throws Exception {
    BenchMain.say("bus: " + exchange.name() + ": " + options.warmupRoundTrips
        + " warm-up round trips");
    RoundTrips.sequential(vertx, exchange, options.warmupRoundTrips);
    BenchMain.say("bus: " + exchange.name() + ": " + options.roundTrips + " timed round trips");
    RoundTrips.Sequential sequential = RoundTrips.sequential(vertx, exchange, options.roundTrips);
    BenchMain.say("bus: " + exchange.name() + ": " + options.inFlight + " in flight, "
        + options.loadWarmupSeconds + " s warm-up, " + options.loadSeconds + " s timed");
    if (options.loadWarmupSeconds > 0) {
      RoundTrips.load(vertx, exchange, options.inFlight, options.loadWarmup());
    }
    RoundTrips.Load load = RoundTrips.load(vertx, exchange, options.inFlight, options.load());
    return new Measured(exchange, sequential, load);
  }

  /** Cluster options as a SnowFox role parses them from its command line. */
  static ClusterOptions clusterOptions(String nodeId, String clusterName, int port,
      List<String> seeds) {
    List<String> args = new ArrayList<>(List.of("--node-id", nodeId, "--cluster-name",
        clusterName, "--bind", LOOPBACK, "--cluster-port", Integer.toString(port)));
    seeds.forEach(seed -> args.addAll(List.of("--seed", seed)));
    ClusterOptions options = ClusterOptions.parse(args.toArray(String[]::new));
    options.validate();
    return options;
  }

  private static List<String> echoCommand(String clusterName, int echoPort, int benchPort,
      TlsDir tls) {
    return JvmFlags.serverRole(EchoMember.class, List.of(
        "--node-id", EchoMember.NODE_ID, "--cluster-name", clusterName, "--bind", LOOPBACK,
        "--cluster-port", Integer.toString(echoPort), "--seed", LOOPBACK + ":" + benchPort,
        "--tls-dir", tls.toString()));
  }

  /** Starts the echo JVM and waits for its readiness line. */
  private Process startEcho(List<String> command) throws Exception {
    BenchMain.say("bus: starting the echo member, waiting for it to join");
    ReadyLine.Started echo = ReadyLine.start(processes, command, workDir.resolve("echo.err"),
        EchoMember.READY, ECHO_READY_TIMEOUT, "echo member");
    BenchMain.say("bus: echo member (pid " + echo.process().pid() + ") ready after "
        + echo.ready().toMillis() + " ms");
    return echo.process();
  }

  /** Retries a first request, with back-off, until the echo's consumer is visible here. */
  private static void awaitVisible(String what, Function<Duration, Future<?>> probe)
      throws InterruptedException {
    long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
    long pauseMillis = 50;
    Throwable last = null;
    for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
      try {
        probe.apply(PROBE_TIMEOUT).toCompletionStage().toCompletableFuture()
            .get(PROBE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        BenchMain.say("bus: " + what + " answered after " + attempt + " attempt(s)");
        return;
      } catch (ExecutionException | TimeoutException e) {
        last = e.getCause() == null ? e : e.getCause();
      }
      Thread.sleep(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 1_000);
    }
    throw new IllegalStateException(what + " not answering after "
        + VISIBLE_TIMEOUT.toSeconds() + " s: " + last, last);
  }

  static <T> T await(Future<T> future, Duration bound, String what) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " took more than " + bound.toSeconds() + " s", e);
    }
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
      return lines.isEmpty() ? "(empty)"
          : String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
