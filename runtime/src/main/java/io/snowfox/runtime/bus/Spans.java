package io.snowfox.runtime.bus;

import static net.logstash.logback.argument.StructuredArguments.keyValue;

import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Spans of a flow: written to the log as they end (so traces read from logs carry timings),
 * collected from the answers a flow receives when someone asked for them ({@code ?trace=true}),
 * and handed to an exporter when one is installed ({@code --otlp-endpoint}).
 */
public final class Spans {

  /**
   * Takes the spans this process finishes, besides the log: the OTLP exporter
   * ({@code io.snowfox.runtime.tracing.OtlpExport}). Called on the thread that finished the
   * span, often an event loop: it must neither block nor throw.
   */
  @FunctionalInterface
  public interface Sink {
    /**
     * @param span the finished span
     * @param correlationId the correlation id of the request it belongs to
     * @param operation what was done, alike for every span of its kind
     *     ({@code SubmitJobRequest}, {@code POST /v1/jobs/:id}): a span name for tools that group
     *     spans by name, where SnowFox's own name also says where and with what outcome
     * @param attributes more about the span, each a String or a Long
     */
    void finished(Span span, String correlationId, String operation,
        Map<String, Object> attributes);
  }

  /** Null unless spans are exported: then one volatile read per span is all it costs. */
  private static volatile Sink sink;

  /** Spans gathered for one flow; thread-safe. */
  public static final class Collector {
    private final List<Span> spans = Collections.synchronizedList(new ArrayList<>());

    public void add(Span span) {
      spans.add(span);
    }

    public List<Span> spans() {
      synchronized (spans) {
        return List.copyOf(spans);
      }
    }
  }

  private static final io.vertx.core.spi.context.storage.ContextLocal<Collector> COLLECTOR =
      io.vertx.core.spi.context.storage.ContextLocal.registerLocal(Collector.class);

  private Spans() {}

  /** Registers the context local; called by {@link Correlation#init()}. */
  static void init() {
    // loading the class is enough
  }

  /** Starts collecting the spans of answers received in the current flow. */
  public static Collector collect() {
    Collector collector = new Collector();
    io.vertx.core.Vertx.currentContext().putLocal(COLLECTOR, collector);
    return collector;
  }

  /** Keeps the finished spans of {@code answer} if the current flow collects spans. */
  static void collect(Envelope answer) {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    Collector collector = context == null ? null : context.getLocal(COLLECTOR);
    if (collector != null) {
      answer.getSpansList().stream().filter(s -> s.getDurationMicros() > 0)
          .forEach(collector::add);
    }
  }

  /** From now on, finished spans also go to {@code exporter}; null stops that. */
  public static void exportTo(Sink exporter) {
    sink = exporter;
  }

  /** True while finished spans go to an exporter: worth making their attributes. */
  public static boolean exporting() {
    return sink != null;
  }

  /**
   * A span has ended: it is written to the log and, unless it is {@code quiet} (a health check
   * and the like, every few seconds by design), handed to the exporter.
   */
  public static void finished(Logger log, Span span, boolean quiet, String correlationId,
      String operation, Map<String, Object> attributes) {
    log(log, span, quiet);
    Sink exporter = sink;
    if (exporter != null && !quiet) {
      exporter.finished(span, correlationId, operation, attributes);
    }
  }

  /** Writes the span as a log line whose JSON carries the span's fields. */
  static void log(Logger log, Span span, boolean quiet) {
    if (quiet ? !log.isDebugEnabled() : !log.isInfoEnabled()) {
      return;
    }
    Object[] args = {span.getName(), span.getDurationMicros(),
        keyValue("span_id", span.getSpanId()),
        keyValue("parent_span_id", span.getParentSpanId()),
        keyValue("span_name", span.getName()),
        keyValue("span_start_us", span.getStartMicros()),
        keyValue("duration_us", span.getDurationMicros()),
        keyValue("span_status", span.getStatus().name())};
    if (quiet) {
      log.debug("{} done in {} µs", args);
    } else {
      log.info("{} done in {} µs", args);
    }
  }
}
