package io.snowfox.runtime.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.StatusNames;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Span;
import io.snowfox.runtime.bus.Spans;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the spans this process finishes to an OpenTelemetry collector over OTLP/HTTP
 * (protobuf), so Jaeger, Tempo or any OTLP backend shows SnowFox's hops.
 *
 * <p>SnowFox's own spans are exported, not spans of a second instrumentation: each keeps its
 * timing, status and parent, with ids mapped by {@link TraceIds} (one trace per correlation id
 * across processes and nodes). They go through the OpenTelemetry SDK: a tracer whose id
 * generator hands out the mapped ids, and its batch span processor, which queues finished spans
 * (bounded: beyond {@link #DEFAULT_QUEUE_SIZE} they are dropped, never waited for) and posts
 * them from its own thread. An event loop that finishes a span only builds it and queues it; a
 * collector that is slow or down costs the export thread and dropped spans, reported by
 * {@link LoggedSpanExporter} at most once a minute, never the node.
 *
 * <p>Loaded only when {@code --otlp-endpoint} is given: without it no class of the SDK is
 * loaded and a finished span costs one volatile read ({@link Spans#exporting()}).
 */
public final class OtlpExport implements Spans.Sink, AutoCloseable {

  /** How long a finished span may wait in the queue before its batch is posted. */
  public static final Duration DEFAULT_SCHEDULE_DELAY = Duration.ofSeconds(2);
  /** Spans waiting to be posted, at most; more are dropped. */
  public static final int DEFAULT_QUEUE_SIZE = 4096;
  /** Spans in one post, at most. */
  public static final int DEFAULT_BATCH_SIZE = 512;
  /** How long one post may take, connection included, before it counts as failed. */
  public static final Duration DEFAULT_EXPORT_TIMEOUT = Duration.ofSeconds(10);
  /** How long the spans still queued at exit may take to leave. */
  public static final Duration DEFAULT_CLOSE_BOUND = Duration.ofSeconds(2);

  /** The correlation id of the request a span belongs to. */
  public static final AttributeKey<String> CORRELATION_ID =
      AttributeKey.stringKey("snowfox.correlation_id");
  /** SnowFox's own id of the span, as {@code snowfox trace} and the logs show it. */
  public static final AttributeKey<String> SPAN_ID = AttributeKey.stringKey("snowfox.span_id");
  /** SnowFox's own name of the span ({@code manager@n1 SubmitJobRequest}). */
  public static final AttributeKey<String> SPAN_NAME = AttributeKey.stringKey("snowfox.span_name");
  /** SnowFox's status of the hop ({@code OK}, {@code NOT_FOUND}, ...). */
  public static final AttributeKey<String> STATUS = AttributeKey.stringKey("snowfox.status");
  /** The node of the process, a resource attribute. */
  public static final AttributeKey<String> NODE = AttributeKey.stringKey("snowfox.node");
  /** The role of the process, a resource attribute. */
  public static final AttributeKey<String> ROLE = AttributeKey.stringKey("snowfox.role");

  private static final Logger log = LoggerFactory.getLogger(OtlpExport.class);
  /**
   * The exporter reports each failed post itself, through java.util.logging to stderr: the
   * failures are logged by {@link LoggedSpanExporter} instead, once in a while. Kept here, as
   * java.util.logging holds its loggers weakly and would forget the level.
   */
  private static final java.util.logging.Logger EXPORTER_JUL =
      java.util.logging.Logger.getLogger("io.opentelemetry.exporter");

  private final URI url;
  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final ChosenIds ids = new ChosenIds();
  private final LoggedSpanExporter exporter;

  private OtlpExport(URI url, Resource resource, SpanExporter target) {
    this.url = url;
    this.exporter = new LoggedSpanExporter(target, url.toString());
    this.provider = SdkTracerProvider.builder()
        .setResource(resource)
        .setIdGenerator(ids)
        .setSampler(Sampler.alwaysOn())
        .setMeterProvider(MeterProvider::noop)
        .addSpanProcessor(BatchSpanProcessor.builder(exporter)
            .setScheduleDelay(DEFAULT_SCHEDULE_DELAY)
            .setMaxQueueSize(DEFAULT_QUEUE_SIZE)
            .setMaxExportBatchSize(DEFAULT_BATCH_SIZE)
            .setExporterTimeout(DEFAULT_EXPORT_TIMEOUT.plusSeconds(1))
            .setMeterProvider(MeterProvider.noop())
            .build())
        .build();
    this.tracer = provider.get("io.snowfox", version());
  }

  /**
   * Starts exporting the spans of the process {@code self} of cluster {@code clusterName} to
   * {@code tracesUrl} (an OTLP/HTTP {@code /v1/traces} URL) and installs the exporter
   * ({@link Spans#exportTo}). Builds an HTTP client and starts the export thread: call it off
   * any event loop.
   */
  public static OtlpExport start(URI tracesUrl, Endpoint self, String clusterName) {
    EXPORTER_JUL.setLevel(java.util.logging.Level.OFF);
    OtlpExport export = new OtlpExport(tracesUrl, resource(self, clusterName),
        OtlpHttpSpanExporter.builder()
            .setEndpoint(tracesUrl.toString())
            .setTimeout(DEFAULT_EXPORT_TIMEOUT)
            .setConnectTimeout(DEFAULT_EXPORT_TIMEOUT)
            .setMeterProvider(MeterProvider::noop)
            .build());
    Spans.exportTo(export);
    log.info("exporting spans to {} over OTLP/HTTP as service {} (instance {})", tracesUrl,
        serviceName(self), self.getNodeId());
    return export;
  }

  /** An export to {@code target}, not installed: for tests. */
  static OtlpExport to(SpanExporter target, Endpoint self, String clusterName) {
    return new OtlpExport(URI.create("http://test/v1/traces"), resource(self, clusterName),
        target);
  }

  /** {@code snowfox-manager}: one service per role, so each role's hops are told apart. */
  static String serviceName(Endpoint self) {
    return "snowfox-" + Roles.name(self.getRole());
  }

  /**
   * What every span of the process shares: OpenTelemetry's service and host attributes, and the
   * node and role as SnowFox names them.
   */
  static Resource resource(Endpoint self, String clusterName) {
    return Resource.getDefault().merge(Resource.create(Attributes.builder()
        .put("service.name", serviceName(self))
        .put("service.namespace", clusterName)
        .put("service.instance.id", self.getNodeId())
        .put("service.version", version())
        .put("host.name", hostName())
        .put("process.pid", ProcessHandle.current().pid())
        .put(NODE, self.getNodeId())
        .put(ROLE, Roles.name(self.getRole()))
        .build()));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "unknown";
    }
  }

  private static String version() {
    String version = OtlpExport.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public void finished(Span span, String correlationId, String operation,
      Map<String, Object> attributes) {
    try {
      String traceId = TraceIds.traceId(correlationId);
      String parent = TraceIds.spanId(span.getParentSpanId());
      SpanBuilder builder = tracer.spanBuilder(operation)
          .setSpanKind(SpanKind.SERVER)
          .setStartTimestamp(span.getStartMicros(), TimeUnit.MICROSECONDS)
          .setAttribute(CORRELATION_ID, correlationId)
          .setAttribute(SPAN_ID, span.getSpanId())
          .setAttribute(SPAN_NAME, span.getName())
          .setAttribute(STATUS, StatusNames.of(span.getStatus()));
      attributes.forEach((key, value) -> {
        if (value instanceof Long number) {
          builder.setAttribute(key, number);
        } else {
          builder.setAttribute(key, String.valueOf(value));
        }
      });
      if (parent.isEmpty()) {
        builder.setNoParent();
      } else {
        builder.setParent(Context.root().with(io.opentelemetry.api.trace.Span.wrap(
            SpanContext.createFromRemoteParent(traceId, parent, TraceFlags.getSampled(),
                TraceState.getDefault()))));
      }
      io.opentelemetry.api.trace.Span exported;
      ids.choose(traceId, TraceIds.spanId(span.getSpanId()));
      try {
        exported = builder.startSpan();
      } finally {
        ids.clear();
      }
      if (span.getStatus() != io.snowfox.protocol.v1.StatusCode.STATUS_CODE_OK) {
        exported.setStatus(StatusCode.ERROR, StatusNames.of(span.getStatus()));
      }
      exported.end(span.getStartMicros() + Math.max(0, span.getDurationMicros()),
          TimeUnit.MICROSECONDS);
    } catch (RuntimeException e) {
      // Never into the caller, often an event loop: a span lost is not worth a request.
      exporter.lost(1, "could not build the span '" + span.getName() + "': " + e);
    }
  }

  /** Where spans go. */
  public URI url() {
    return url;
  }

  /** Posts what is queued, within {@link #DEFAULT_CLOSE_BOUND}; blocking. */
  void flush() {
    provider.forceFlush().join(DEFAULT_CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Posts what is queued (within {@link #DEFAULT_CLOSE_BOUND}) and stops; blocking. */
  @Override
  public void close() {
    if (Spans.exporting()) {
      Spans.exportTo(null);
    }
    provider.shutdown().join(DEFAULT_CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Hands the SDK the ids SnowFox chose: {@link #finished} sets them on its own thread just
   * before it starts the span, and the SDK asks for them, on the same thread, while starting
   * it. Random ids otherwise, as the SDK's own generator gives.
   */
  private static final class ChosenIds implements IdGenerator {
    private final ThreadLocal<String[]> next = ThreadLocal.withInitial(() -> new String[2]);

    void choose(String traceId, String spanId) {
      String[] ids = next.get();
      ids[0] = traceId;
      ids[1] = spanId;
    }

    void clear() {
      String[] ids = next.get();
      ids[0] = null;
      ids[1] = null;
    }

    @Override
    public String generateTraceId() {
      String id = next.get()[0];
      return id != null ? id : IdGenerator.random().generateTraceId();
    }

    @Override
    public String generateSpanId() {
      String id = next.get()[1];
      return id != null ? id : IdGenerator.random().generateSpanId();
    }

    @Override
    public boolean generatesRandomTraceIds() {
      return false;
    }
  }
}
