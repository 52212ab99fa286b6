package io.snowfox.bench;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.HealthRequest;
import io.snowfox.protocol.v1.HealthResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.process.ParentWatch;
import io.snowfox.runtime.process.ProcessLifecycle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The far end of the bus benchmark: a cluster member in its own JVM that answers two addresses.
 *
 * <ul>
 *   <li>{@link #ENVELOPE_ADDRESS}: a HealthRequest, through SnowFox's {@code Routes}, with a
 *       HealthResponse, exactly as every role answers its daemon's health checks;
 *   <li>{@link #RAW_ADDRESS}: any {@code Buffer}, echoed as it came, with no SnowFox code on the
 *       path: the cost of the bus alone.
 * </ul>
 *
 * <p>Takes the cluster options of a SnowFox role. It joins as a lite member, as the daemon's
 * children do. It prints {@link #READY} on stdout once both consumers are registered, and exits
 * on SIGTERM or when the benchmark's pipe on its stdin closes.
 */
public final class EchoMember {

  /** Answers HealthRequest envelopes. */
  public static final String ENVELOPE_ADDRESS = Addresses.PREFIX + "bench.echo.envelope";
  /** Echoes raw buffers. */
  public static final String RAW_ADDRESS = Addresses.PREFIX + "bench.echo.raw";
  /** The line printed on stdout once both addresses are listened to. */
  public static final String READY = "snowfox-bench-echo ready";
  public static final String NODE_ID = "bench-echo";
  /** The role the echo answers as; a lite child of a node, like the spawner. */
  public static final Role ROLE = Role.ROLE_SPAWNER;
  public static final boolean LITE_MEMBER = true;

  private static final Duration STOP_BOUND = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(EchoMember.class);

  private EchoMember() {}

  public static void main(String[] args) {
    ClusterOptions cluster = MemberMains.clusterOptions(args, log);
    // The benchmark reads this process's stdout for the readiness line and nothing else.
    PrintStream readiness = System.out;
    AtomicReference<Vertx> vertx = new AtomicReference<>();
    ProcessLifecycle lifecycle = new ProcessLifecycle(Future::succeededFuture,
        () -> vertx.get() == null ? Future.succeededFuture() : vertx.get().close(), STOP_BOUND);
    ParentWatch.start(System.in, () -> lifecycle.exit(0));
    long startedAtMicros = Envelopes.nowMicros();
    // The benchmark gives --tls-dir, the material of its own member's cluster CA.
    Clusters.join(cluster, cluster.tlsDir(java.nio.file.Path.of(".")), "bench-echo", LITE_MEMBER)
        .compose(member -> {
          vertx.set(member.vertx());
          Bus bus = new Bus(member.vertx(),
              Endpoint.newBuilder().setNodeId(cluster.nodeId()).setRole(ROLE).build());
          Future<?> envelopes = bus.routes(ENVELOPE_ADDRESS)
              .on(HealthRequest.class,
                  (request, envelope) -> Future.succeededFuture(health(startedAtMicros)))
              .listen();
          MessageConsumer<Buffer> raw = member.vertx().eventBus()
              .consumer(RAW_ADDRESS, message -> message.reply(message.body()));
          return Future.all(envelopes, raw.completion());
        })
        .onSuccess(registered -> MemberMains.ready(readiness, READY))
        .onFailure(failure -> {
          log.error("echo member failed to start: {}", failure.toString(), failure);
          lifecycle.exit(1);
        });
    lifecycle.awaitExit();
  }

  /** The same answer a SnowFox role gives to its daemon's health check. */
  private static HealthResponse health(long startedAtMicros) {
    Runtime runtime = Runtime.getRuntime();
    return HealthResponse.newBuilder()
        .setRole(ROLE)
        .setPid(ProcessHandle.current().pid())
        .setReady(true)
        .setStartedAtMicros(startedAtMicros)
        .setHeapUsedBytes(runtime.totalMemory() - runtime.freeMemory())
        .setHeapMaxBytes(runtime.maxMemory())
        .build();
  }
}
