package io.snowfox.api.http;

import io.snowfox.api.client.SnowfoxClient;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.bus.Spans;
import io.vertx.core.Handler;
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
final class CorrelationHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger("io.snowfox.api.access");

  private final Endpoint self;

  CorrelationHandler(Endpoint self) {
    this.self = self;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader(SnowfoxClient.CORRELATION_HEADER);
    String correlationId = Correlation.isValid(offered) ? offered : Envelopes.newId();
    String spanId = Envelopes.newId();
    Span.Builder span = Span.newBuilder()
        .setSpanId(spanId)
        .setName("api " + ctx.request().method() + " " + ctx.request().path())
        .setAt(self)
        .setStartMicros(Envelopes.nowMicros());
    ctx.response().putHeader(SnowfoxClient.CORRELATION_HEADER, correlationId);
    Correlation.runIn(new Correlation.Scope(correlationId, "HTTP", spanId), () -> {
      if ("true".equals(ctx.request().getParam("trace"))) {
        ctx.put(Responses.COLLECTOR, Spans.collect());
        ctx.put(Responses.API_SPAN, span);
      }
      ctx.addEndHandler(done -> {
        int status = ctx.response().getStatusCode();
        Spans.log(log, span
            .setName("api " + ctx.request().method() + " " + ctx.request().uri() + " -> "
                + status)
            .setDurationMicros(Envelopes.nowMicros() - span.getStartMicros())
            .setStatus(status < 400 ? StatusCode.STATUS_CODE_OK
                : status < 500 ? StatusCode.STATUS_CODE_BAD_REQUEST
                : StatusCode.STATUS_CODE_INTERNAL)
            .build(), false);
      });
      ctx.next();
    });
  }
}
