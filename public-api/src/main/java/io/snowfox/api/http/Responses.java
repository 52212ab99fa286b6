package io.snowfox.api.http;

import io.snowfox.protocol.StatusNames;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Span;
import io.snowfox.runtime.bus.Spans;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JSON answers of the API, with the spans of the request when asked ({@code ?trace=true}). */
public final class Responses {

  static final String COLLECTOR = "snowfox.spans";
  static final String API_SPAN = "snowfox.api-span";

  private Responses() {}

  /** Answers with {@code body}; adds {@code "trace": {"spans": [...]}} when tracing. */
  public static void json(RoutingContext ctx, JsonObject body) {
    Spans.Collector collector = ctx.get(COLLECTOR);
    if (collector != null) {
      JsonArray spans = new JsonArray();
      Span.Builder own = ((Span.Builder) ctx.get(API_SPAN)).clone();
      own.setDurationMicros(Envelopes.nowMicros() - own.getStartMicros());
      spans.add(span(own.build()));
      collector.spans().forEach(s -> spans.add(span(s)));
      body.put("trace", new JsonObject().put("spans", spans));
    }
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** The API's JSON shape of a span. */
  public static JsonObject span(Span span) {
    return new JsonObject()
        .put("span_id", span.getSpanId())
        .put("parent_span_id", span.getParentSpanId())
        .put("name", span.getName())
        .put("node", span.getAt().getNodeId())
        .put("role", Roles.nameOrEmpty(span.getAt().getRole()))
        .put("start", Micros.iso(span.getStartMicros()))
        .put("duration_us", span.getDurationMicros())
        .put("status", StatusNames.of(span.getStatus()));
  }
}
