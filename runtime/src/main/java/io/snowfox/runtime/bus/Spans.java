package io.snowfox.runtime.bus;

import static net.logstash.logback.argument.StructuredArguments.keyValue;

import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Span;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;

/**
 * Spans of a flow: written to the log as they end (so traces read from logs carry timings), and
 * collected from the answers a flow receives when someone asked for them ({@code ?trace=true}).
 */
public final class Spans {

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

  /** Writes the span as a log line whose JSON carries the span's fields. */
  public static void log(Logger log, Span span, boolean quiet) {
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
