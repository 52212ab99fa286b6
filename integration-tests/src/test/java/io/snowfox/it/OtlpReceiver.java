package io.snowfox.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small OTLP/HTTP collector inside the test: {@code POST /v1/traces} with a protobuf body,
 * decoded with OpenTelemetry's own proto classes and kept, each span with its resource's
 * attributes. Bound to 127.0.0.1 on a free port; {@link #close()} stops it.
 */
final class OtlpReceiver implements AutoCloseable {

  /** One received span, flattened: its ids as hex, its and its resource's attributes. */
  record Received(String traceId, String spanId, String parentSpanId, String name,
      Span.SpanKind kind, long startNanos, long endNanos, int statusCode,
      Map<String, String> attributes, Map<String, String> resource) {

    String attribute(String key) {
      return attributes.get(key);
    }

    String service() {
      return resource.get("service.name");
    }
  }

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final List<Received> spans = new ArrayList<>();
  private final List<String> refused = new ArrayList<>();
  private int posts;

  OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** What to give {@code --otlp-endpoint}. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange; InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readAllBytes();
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!"POST".equals(exchange.getRequestMethod())
          || !"/v1/traces".equals(exchange.getRequestURI().getPath())
          || !"application/x-protobuf".equals(type)) {
        synchronized (this) {
          refused.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + type);
        }
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
      synchronized (this) {
        posts++;
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
          Map<String, String> resource = attributes(
              resourceSpans.getResource().getAttributesList());
          for (ScopeSpans scope : resourceSpans.getScopeSpansList()) {
            for (Span span : scope.getSpansList()) {
              spans.add(new Received(hex(span.getTraceId().toByteArray()),
                  hex(span.getSpanId().toByteArray()),
                  hex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(),
                  span.getStartTimeUnixNano(), span.getEndTimeUnixNano(),
                  span.getStatus().getCodeValue(), attributes(span.getAttributesList()),
                  resource));
            }
          }
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  private static Map<String, String> attributes(List<KeyValue> keyValues) {
    Map<String, String> map = new TreeMap<>();
    for (KeyValue keyValue : keyValues) {
      AnyValue value = keyValue.getValue();
      map.put(keyValue.getKey(), switch (value.getValueCase()) {
        case STRING_VALUE -> value.getStringValue();
        case INT_VALUE -> Long.toString(value.getIntValue());
        case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
        case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
        default -> value.toString();
      });
    }
    return map;
  }

  /** Every span received so far. */
  synchronized List<Received> spans() {
    return List.copyOf(spans);
  }

  /** The spans received whose {@code snowfox.correlation_id} is {@code correlationId}. */
  synchronized List<Received> spansOf(String correlationId) {
    return spans.stream()
        .filter(span -> correlationId.equals(span.attribute("snowfox.correlation_id")))
        .toList();
  }

  /** Requests that were not an OTLP/HTTP protobuf post of traces. */
  synchronized List<String> refused() {
    return List.copyOf(refused);
  }

  synchronized int posts() {
    return posts;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
