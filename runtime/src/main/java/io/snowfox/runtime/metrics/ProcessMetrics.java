package io.snowfox.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one SnowFox process: a Micrometer registry whose every series carries the
 * process's {@code node} and {@code role}, read in the Prometheus text format.
 *
 * <p>Vert.x reports into it (HTTP server and worker pools) through {@link #vertxFactory()} and
 * {@link #vertxOptions()}, the JVM once {@link #bindJvm()} is called; the roles add SnowFox's own series,
 * named {@code snowfox_...}. What is measured per bus message is one timer update
 * ({@link BusMetrics}): Vert.x's own event-bus and TCP metrics, which look meters up by address
 * on every message and every write, are off.
 */
public final class ProcessMetrics implements AutoCloseable {

  /** The label naming the node of every series. */
  public static final String NODE_LABEL = "node";
  /** The label naming the role (daemon, spawner, manager, api) of every series. */
  public static final String ROLE_LABEL = "role";
  /** The content type of {@link #scrape()}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger log = LoggerFactory.getLogger(ProcessMetrics.class);
  /** Vert.x keeps backend registries by name in a static map: one name per registry. */
  private static final AtomicLong REGISTRIES = new AtomicLong();

  private final PrometheusMeterRegistry registry;
  private final String registryName;
  private final BusMetrics bus;
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> binders = new CopyOnWriteArrayList<>();

  private ProcessMetrics(String nodeId, String role) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.registry.config().commonTags(NODE_LABEL, nodeId, ROLE_LABEL, role);
    this.registryName = "snowfox-" + role + "-" + REGISTRIES.incrementAndGet();
    this.bus = new BusMetrics(registry);
  }

  /** The metrics of a process: no JVM series until {@link #bindJvm()}. */
  public static ProcessMetrics of(String nodeId, String role) {
    return new ProcessMetrics(nodeId, role);
  }

  /**
   * Adds the JVM's series: memory, GC, threads, classes, JIT, CPU, uptime. Blocking (it reads
   * the JVM's management beans, which load a few hundred classes): a role binds them once it is
   * ready, off its event loop, so that they cost nothing on its way to ready.
   */
  public void bindJvm() {
    MeterBinder[] jvm = {new ClassLoaderMetrics(), new JvmCompilationMetrics(),
        new JvmGcMetrics(), new JvmHeapPressureMetrics(), new JvmInfoMetrics(),
        new JvmMemoryMetrics(), new JvmThreadMetrics(), new ProcessorMetrics(),
        new UptimeMetrics()};
    for (MeterBinder binder : jvm) {
      binder.bindTo(registry);
      if (binder instanceof AutoCloseable closeable) {
        binders.add(closeable);
      }
    }
  }

  /** Where the process's own meters go. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The timers of bus requests sent and handled. */
  public BusMetrics bus() {
    return bus;
  }

  /** Gives Vert.x this registry. */
  public VertxMetricsFactory vertxFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  /**
   * What Vert.x measures: the HTTP server (requests by method and code, their time) and worker
   * pools. Not the event bus, TCP or UDP: those update meters looked up by address on every
   * message or write. Not the JVM either: {@link #bindJvm()} does, after the start.
   */
  public MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setJvmMetricsEnabled(false)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.NET_SERVER)
        .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
        .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
  }

  /**
   * Runs {@code update} before every scrape: for series computed from state (jobs by state),
   * which cost nothing between scrapes.
   */
  public void beforeScrape(Runnable update) {
    beforeScrape.add(update);
  }

  /** Every series of this process, in the Prometheus text format (version 0.0.4). */
  public String scrape() {
    for (Runnable update : beforeScrape) {
      try {
        update.run();
      } catch (RuntimeException e) {
        // A broken gauge must not cost the scrape every other series.
        log.warn("a metrics update failed before a scrape: {}", e.toString());
      }
    }
    return registry.scrape(CONTENT_TYPE);
  }

  @Override
  public void close() {
    for (AutoCloseable binder : binders) {
      try {
        binder.close();
      } catch (Exception e) {
        log.debug("could not close a JVM metrics binder: {}", e.toString());
      }
    }
    BackendRegistries.stop(registryName);
    registry.close();
  }
}
