package io.snowfox.runtime.role;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.HealthRequest;
import io.snowfox.protocol.v1.HealthResponse;
import io.snowfox.protocol.v1.MetricsRequest;
import io.snowfox.protocol.v1.MetricsResponse;
import io.snowfox.protocol.v1.RecentEventsRequest;
import io.snowfox.protocol.v1.RecentEventsResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.Shutdown;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.config.Settings;
import io.snowfox.runtime.logging.Logging;
import io.snowfox.runtime.metrics.ProcessMetrics;
import io.snowfox.runtime.process.ParentWatch;
import io.snowfox.runtime.process.ProcessLifecycle;
import io.snowfox.runtime.security.RecordSigner;
import io.snowfox.runtime.security.TlsDir;
import io.snowfox.runtime.tracing.OtlpExport;
import io.vertx.core.Future;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The life of one SnowFox server process, whatever its role: configure logs, join the cluster,
 * answer the control protocol (health, shutdown) on its own address, run the role, and stop
 * gracefully on SIGTERM, on a Shutdown message or when its parent daemon disappears.
 */
public abstract class RoleProcess {

  /** How long a role's graceful stop may take before the process ends anyway. */
  public static final Duration DEFAULT_STOP_BOUND = Duration.ofSeconds(10);
  /** Delay between answering Shutdown and starting to stop, so the answer leaves first. */
  private static final long SHUTDOWN_REPLY_DELAY_MS = 100;

  private static final Logger log = LoggerFactory.getLogger(RoleProcess.class);

  private final long startedAtMicros = Envelopes.nowMicros();
  private volatile boolean ready;
  private volatile RoleContext context;
  private volatile RoleOptions options;
  /** The span exporter, once started; null without {@code --otlp-endpoint}. */
  private volatile OtlpExport export;
  private ProcessLifecycle lifecycle;

  /** The role this process plays. */
  protected abstract Role role();

  /** Registers the role's handlers and starts its work; the process is ready when it completes. */
  protected abstract Future<Void> start(RoleContext context);

  /** Stops the role's work; the cluster is left afterwards. */
  protected Future<Void> stop(RoleContext context) {
    return Future.succeededFuture();
  }

  /** Lite members hold no cluster data; only the daemon, which outlives its children, holds it. */
  protected boolean liteMember() {
    return true;
  }

  /**
   * Makes sure the cluster TLS material is there before joining; blocking (files). A role only
   * checks it: its daemon made or was given the material. The daemon overrides this to make the
   * material of a new single-node cluster.
   *
   * @throws IllegalStateException saying what is missing and how to make it
   */
  protected void prepareTls(ClusterOptions cluster, TlsDir tls) {
    tls.requireComplete();
  }

  /** Adds role-specific handlers to the process's own address. */
  protected void addControlRoutes(Routes routes, RoleContext context) {}

  /** How long the graceful stop may take. */
  protected Duration stopBound() {
    return DEFAULT_STOP_BOUND;
  }

  /** Why the process is not ready, or "" when it is; reported in health answers. */
  protected String notReadyReason() {
    return ready ? "" : "starting";
  }

  /** Ends the process gracefully with {@code code}. */
  protected final void exit(int code) {
    lifecycle.exit(code);
  }

  /** Runs the process; returns only if the JVM is not ended by then (it always is). */
  public final int run(ClusterOptions cluster, RoleOptions options, CommandSpec spec) {
    String roleName = Roles.name(role());
    Logging.configure(roleName, cluster.nodeId(), Logging.logDir(options.dataDir()));
    new Settings().log(log, spec);
    this.options = options;
    lifecycle = new ProcessLifecycle(this::shutdown, this::close, stopBound());
    Endpoint self = Endpoint.newBuilder().setNodeId(cluster.nodeId()).setRole(role()).build();
    options.otlpTracesUrl().ifPresent(url -> startExport(url, self, cluster.clusterName()));
    if (options.supervised()) {
      ParentWatch.start(System.in, () -> {
        log.warn("the daemon is gone (its pipe closed); exiting");
        lifecycle.exit(0);
      });
    }
    TlsDir tls = cluster.tlsDir(options.dataDir());
    ProcessMetrics metrics = ProcessMetrics.of(cluster.nodeId(), roleName);
    Future.<Void>future(prepared -> {
          try {
            prepareTls(cluster, tls);
            RecordSigner.of(tls); // read now, off the event loop, for RoleContext.signer()
            prepared.complete();
          } catch (RuntimeException e) {
            prepared.fail(e);
          }
        })
        .compose(v -> Clusters.join(cluster, tls, roleName, liteMember(), metrics))
        .compose(member -> {
          RoleContext started = new RoleContext(member.vertx(), member.hazelcast(),
              new Bus(member.vertx(), self, metrics.bus()), cluster, options.dataDir(), metrics);
          context = started;
          Routes control = started.bus().routes(Addresses.of(cluster.nodeId(), role()))
              .on(HealthRequest.class, (request, envelope) -> Future.succeededFuture(health()))
              .on(Shutdown.class, (request, envelope) -> onShutdown(request, envelope, started))
              .on(MetricsRequest.class, (request, envelope) -> onMetrics(envelope, started))
              .on(RecentEventsRequest.class,
                  (request, envelope) -> onRecentEvents(request, envelope, started));
          addControlRoutes(control, started);
          return control.listen().compose(registered -> start(started));
        })
        .onSuccess(v -> {
          ready = true;
          log.info("{} ready on node {} (pid {})", roleName, cluster.nodeId(),
              ProcessHandle.current().pid());
          // The JVM's series load a few hundred classes: after the start, not on its way.
          context.vertx().executeBlocking(() -> {
            metrics.bindJvm();
            return null;
          }, false).onFailure(failure -> log.warn("no JVM metrics: {}", failure.toString()));
        })
        .onFailure(failure -> {
          log.error("{} failed to start: {}", roleName, failure.toString(), failure);
          lifecycle.exit(1);
        });
    lifecycle.awaitExit();
    return 0;
  }

  /**
   * Starts the OTLP export beside the cluster join, on a thread of its own: the SDK and its
   * HTTP client take a moment to load, and nothing the role does before it is ready is worth a
   * span (health checks are not exported). A failure leaves the process without export.
   */
  private void startExport(java.net.URI url, Endpoint self, String clusterName) {
    Thread starter = new Thread(() -> {
      try {
        export = OtlpExport.start(url, self, clusterName);
      } catch (RuntimeException | LinkageError e) {
        log.error("no span export to {}: {}", url, e.toString(), e);
      }
    }, "snowfox-otlp-start");
    starter.setDaemon(true);
    starter.start();
  }

  private Future<Ack> onShutdown(Shutdown request, Envelope envelope, RoleContext started) {
    if (!fromOwnDaemon(envelope, started.nodeId())) {
      // The bus is mutual TLS, so only a member of the cluster can get here; still, no member
      // but this node's own daemon has any business stopping this process.
      log.warn("refused Shutdown from {} on node {}: only this node's daemon may stop it",
          Roles.nameOrEmpty(envelope.getSource().getRole()), envelope.getSource().getNodeId());
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
          "only the daemon of node " + started.nodeId() + " may stop this process"));
    }
    log.info("shutdown requested: {}", request.getReason().isEmpty() ? "no reason given"
        : request.getReason());
    started.vertx().setTimer(SHUTDOWN_REPLY_DELAY_MS, id -> lifecycle.exit(0));
    return Future.succeededFuture(Ack.newBuilder().setNote("stopping").build());
  }

  /**
   * This process's metrics, for an API server that gathers the cluster's ({@code GET /metrics},
   * which needs a token). Only API servers may ask: the bus is mutual TLS, so only members get
   * here, and of those only the role that serves them has any business reading them.
   */
  static Future<MetricsResponse> onMetrics(Envelope envelope, RoleContext started) {
    if (envelope.getSource().getRole() != Role.ROLE_API) {
      return refusedToAllButApi(envelope, "MetricsRequest", "metrics");
    }
    // Off the event loop: reading the JVM's thread and memory beans takes a moment.
    return started.vertx().executeBlocking(() -> MetricsResponse.newBuilder()
        .setText(started.metrics().scrape()).build(), false);
  }

  /**
   * The events this process published lately, for an API server that gathers the cluster's
   * ({@code GET /v1/events?follow=false}, which needs a token and filters them by namespace).
   * Only API servers may ask, as for metrics.
   */
  static Future<RecentEventsResponse> onRecentEvents(RecentEventsRequest request,
      Envelope envelope, RoleContext started) {
    if (envelope.getSource().getRole() != Role.ROLE_API) {
      return refusedToAllButApi(envelope, "RecentEventsRequest", "recent events");
    }
    return Future.succeededFuture(RecentEventsResponse.newBuilder()
        .addAllEvents(started.recentEvents().matching(request)).build());
  }

  private static <T> Future<T> refusedToAllButApi(Envelope envelope, String type, String what) {
    log.warn("refused {} from {} on node {}: only API servers gather a process's {}", type,
        Roles.nameOrEmpty(envelope.getSource().getRole()), envelope.getSource().getNodeId(),
        what);
    return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
        "only API servers may ask for a process's " + what));
  }

  /** True when {@code envelope} says it comes from the daemon of {@code nodeId}. */
  static boolean fromOwnDaemon(Envelope envelope, String nodeId) {
    return envelope.getSource().getRole() == Role.ROLE_DAEMON
        && nodeId.equals(envelope.getSource().getNodeId());
  }

  private HealthResponse health() {
    Runtime runtime = Runtime.getRuntime();
    return HealthResponse.newBuilder()
        .setRole(role())
        .setPid(ProcessHandle.current().pid())
        .setReady(ready)
        .setReason(notReadyReason())
        .setStartedAtMicros(startedAtMicros)
        .setHeapUsedBytes(runtime.totalMemory() - runtime.freeMemory())
        .setHeapMaxBytes(runtime.maxMemory())
        .build();
  }

  private Future<Void> shutdown() {
    RoleContext started = context;
    if (started == null) {
      return Future.succeededFuture();
    }
    log.info("{} stopping", Roles.name(role()));
    return stop(started);
  }

  private Future<Void> close() {
    // The spans of the stop are finished: those still queued leave before the bus closes
    // (bounded; on the shutdown hook's thread, which may block).
    OtlpExport tracing = export;
    if (tracing != null) {
      tracing.close();
    }
    RoleContext started = context;
    return started == null ? Future.succeededFuture() : started.vertx().close();
  }

  /** The options every server process takes, as given to this one. */
  protected final RoleOptions roleOptions() {
    return options;
  }

  /** This process's endpoint once started. */
  protected final Bus bus() {
    return context.bus();
  }
}
