package io.snowfox.api.observe;

import io.snowfox.api.auth.Access;
import io.snowfox.api.auth.AuthHandler;
import io.snowfox.api.auth.RequestLimits;
import io.snowfox.api.http.ApiErrors;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.api.http.Responses;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.v1.RecentEventsRequest;
import io.snowfox.runtime.bus.Correlation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code GET /v1/events?type=T1,T2&job=ID&follow=true|false}: the cluster's events, as a stream
 * (Server-Sent Events when the client accepts {@code text/event-stream}, otherwise one JSON
 * object per line) or, with {@code follow=false}, the recent ones as one JSON answer.
 */
public final class EventEndpoint {

  private final EventHub hub;
  private final RequestLimits limits;

  public EventEndpoint(EventHub hub, RequestLimits limits) {
    this.hub = hub;
    this.limits = limits;
  }

  public void mount(Router router) {
    router.get("/v1/events").handler(this::events);
  }

  private void events(RoutingContext ctx) {
    Set<String> types;
    String job = ctx.queryParams().get("job");
    Access access = AuthHandler.access(ctx);
    try {
      types = types(ctx.queryParams().getAll("type"));
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", e.getMessage());
      return;
    }
    Predicate<JsonObject> filter = filter(types, job).and(event -> visible(access, event));
    String follow = ctx.queryParams().get("follow");
    if (follow != null && !follow.equals("true") && !follow.equals("false")) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", "follow: must be true or false");
      return;
    }
    if ("false".equals(follow)) {
      RecentEventsRequest request = RecentEventsRequest.newBuilder().addAllTypes(types)
          .setJobId(job == null ? "" : job).build();
      hub.recent(request, filter)
          .onSuccess(recent -> Responses.json(ctx, new JsonObject()
              .put("correlation_id", Correlation.id())
              .put("events", new JsonArray(List.copyOf(recent.events())))
              .put("unanswered", new JsonArray(recent.unanswered()))))
          .onFailure(failure -> ApiErrors.send(ctx, failure));
      return;
    }
    if (!limits.admitOrRefuse(ctx, RequestLimits.Kind.STREAM)) {
      return;
    }
    String accept = ctx.request().getHeader("Accept");
    boolean sse = accept != null && accept.contains("text/event-stream");
    ctx.response()
        .setChunked(true)
        .putHeader("Content-Type", sse ? "text/event-stream" : "application/x-ndjson")
        .putHeader("Cache-Control", "no-cache");
    hub.stream(ctx.response(), filter, sse, String.valueOf(ctx.request().remoteAddress()),
            sse ? ": snowfox events\n\n" : "")
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  /**
   * Events about a namespace's jobs are seen by that namespace's tokens; events about nodes and
   * their processes (no namespace) by tokens that operate the cluster.
   */
  static boolean visible(Access access, JsonObject event) {
    String namespace = event.getString("namespace", "");
    return namespace.isEmpty() ? access.may(TokenRole.TOKEN_ROLE_OPERATE)
        : access.covers(namespace);
  }

  /** The event types a request names (repeated, or separated by commas); 400 for unknown ones. */
  static Set<String> types(List<String> typeParams) {
    Set<String> types = new java.util.TreeSet<>();
    for (String param : typeParams) {
      for (String type : param.split(",")) {
        if (!type.isBlank()) {
          if (!EventTypes.ALL.contains(type.strip())) {
            throw new IllegalArgumentException("type: unknown event type '" + type.strip()
                + "'; known: " + String.join(", ", EventTypes.ALL));
          }
          types.add(type.strip());
        }
      }
    }
    return types;
  }

  static Predicate<JsonObject> filter(Set<String> types, String job) {
    return event -> (types.isEmpty() || types.contains(event.getString("type")))
        && (job == null || job.equals(event.getString("job_id")));
  }
}
