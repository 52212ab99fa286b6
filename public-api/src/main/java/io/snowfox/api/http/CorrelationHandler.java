package io.snowfox.api.http;

import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.bus.Spans;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a user exchange starts: keeps the client's well-formed {@code X-Correlation-Id} or makes
 * one, returns it on the response, and handles the rest of the request inside its scope, so
 * every message and log line the request causes carries it. The request is the root span of
 * its trace: its line in the log (one per request, the access log) carries the span's timing,
 * and with {@code ?trace=true} the answer lists the spans of every hop.
 */
public final class CorrelationHandler implements Handler<RoutingContext> {

  /** The header carrying the correlation id, both ways (the OpenAPI document's too). */
  public static final String HEADER = "X-Correlation-Id";

  private static final Logger log = LoggerFactory.getLogger("io.snowfox.api.access");

  /** Paths asked every few seconds by design; their access lines are logged at DEBUG. */
  private static final java.util.Set<String> QUIET_PATHS = java.util.Set.of("/metrics");

  private final Endpoint self;

  CorrelationHandler(Endpoint self) {
    this.self = self;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader(HEADER);
    String correlationId = Correlation.isValid(offered) ? offered : Envelopes.newId();
    String spanId = Envelopes.newId();
    Span.Builder span = Span.newBuilder()
        .setSpanId(spanId)
        .setName("api " + ctx.request().method() + " " + ctx.request().path())
        .setAt(self)
        .setStartMicros(Envelopes.nowMicros());
    ctx.response().putHeader(HEADER, correlationId);
    Correlation.runIn(new Correlation.Scope(correlationId, "HTTP", spanId), () -> {
      ctx.addEndHandler(done -> {
        int status = ctx.response().getStatusCode();
        boolean exporting = Spans.exporting();
        Spans.finished(log, span
            .setName("api " + ctx.request().method() + " " + ctx.request().uri() + " -> "
                + status)
            .setDurationMicros(Envelopes.nowMicros() - span.getStartMicros())
            .setStatus(status < 400 ? StatusCode.STATUS_CODE_OK
                : status < 500 ? StatusCode.STATUS_CODE_BAD_REQUEST
                : StatusCode.STATUS_CODE_INTERNAL)
            // A scrape comes every few seconds by design: logged at DEBUG unless it failed.
            .build(), status < 400 && QUIET_PATHS.contains(ctx.request().path()),
            correlationId, exporting ? operation(ctx) : "",
            exporting ? exportAttributes(ctx, status) : java.util.Map.of());
      });
      MultiMap query;
      try {
        query = ctx.queryParams();
      } catch (RuntimeException e) {
        // A bad escape such as "%zz": decoded lazily, it threw out of the first handler that
        // read a parameter and became a 500 with a stack trace in the log.
        ApiErrors.send(ctx, 400, "BAD_REQUEST",
            "malformed query string: escape '%' as %25 and use %XX with two hex digits");
        return;
      }
      if ("true".equals(query.get("trace"))) {
        ctx.put(Responses.COLLECTOR, Spans.collect());
        ctx.put(Responses.API_SPAN, span);
      }
      ctx.next();
    });
  }

  /**
   * The request as an exported span's name: the method and the route's pattern
   * ({@code GET /v1/jobs/:id}), alike for every request of the route, as tracing tools expect of
   * span names; the method alone for a request no API route took (the console's files, a 404),
   * as OpenTelemetry's HTTP conventions say, so that junk paths make no names.
   */
  static String operation(RoutingContext ctx) {
    String route = route(ctx);
    return route != null ? ctx.request().method() + " " + route
        : ctx.request().method().name();
  }

  private static String route(RoutingContext ctx) {
    io.vertx.ext.web.Route current = ctx.currentRoute();
    String path = current == null ? null : current.getPath();
    return path != null && path.startsWith("/v1/") ? path : null;
  }

  /** OpenTelemetry's HTTP attributes of the request. */
  private static java.util.Map<String, Object> exportAttributes(RoutingContext ctx, int status) {
    java.util.Map<String, Object> attributes = new java.util.HashMap<>();
    attributes.put("http.request.method", ctx.request().method().name());
    attributes.put("url.path", ctx.request().path());
    attributes.put("http.response.status_code", (long) status);
    String route = route(ctx);
    if (route != null) {
      attributes.put("http.route", route);
    }
    return attributes;
  }
}
