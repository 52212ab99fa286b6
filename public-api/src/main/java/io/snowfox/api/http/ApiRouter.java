package io.snowfox.api.http;

import io.snowfox.api.ApiOptions;
import io.snowfox.api.auth.AuthHandler;
import io.snowfox.api.auth.BrowserGuard;
import io.snowfox.api.auth.RequestLimits;
import io.snowfox.api.auth.TokenDirectory;
import io.snowfox.api.auth.TokenEndpoint;
import io.snowfox.api.console.ConsoleEndpoint;
import io.snowfox.api.jobs.JobEndpoint;
import io.snowfox.api.jobs.SubmitLimit;
import io.snowfox.api.nodes.NodeEndpoint;
import io.snowfox.api.observe.EventEndpoint;
import io.snowfox.api.observe.EventHub;
import io.snowfox.api.observe.MetricsEndpoint;
import io.snowfox.api.observe.TraceEndpoint;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.ext.web.Router;

/** The routes of the public API. */
public final class ApiRouter {

  private ApiRouter() {}

  /** The API with default options: for tests. */
  public static Router create(RoleContext context, TokenDirectory tokens) {
    return create(context, new EventHub(context), tokens, new ApiOptions());
  }

  /**
   * Every request goes through, in order: its correlation scope, the browser checks (Host,
   * Origin, body type), its token (401, and 403 beyond its role), then its endpoint. The web
   * console's static files come before the token: they hold no data, and the console sends the
   * token with each API call it makes.
   */
  public static Router create(RoleContext context, EventHub events, TokenDirectory tokens,
      ApiOptions options) {
    Router router = Router.router(context.vertx());
    RequestLimits limits = new RequestLimits();
    router.route().handler(new CorrelationHandler(context.bus().self()));
    router.route().handler(new BrowserGuard(options.httpHost(), options.allowedHosts(),
        options.allowedOrigins()));
    new ConsoleEndpoint().mount(router);
    router.route().handler(new AuthHandler(tokens));
    new NodeEndpoint(context).mount(router);
    new JobEndpoint(context, limits, new SubmitLimit(options.maxSubmitsInFlight()))
        .mount(router);
    new TraceEndpoint(context, limits).mount(router);
    new EventEndpoint(events, limits).mount(router);
    new TokenEndpoint(context).mount(router);
    new OpenApiEndpoint().mount(router);
    new MetricsEndpoint(context).mount(router);

    router.errorHandler(404, ctx -> ApiErrors.send(ctx, 404, "NOT_FOUND",
        "no such resource: " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(405, ctx -> ApiErrors.send(ctx, 405, "METHOD_NOT_ALLOWED",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(400, ctx -> ApiErrors.send(ctx, 400, "BAD_REQUEST",
        ctx.failure() == null ? "bad request" : String.valueOf(ctx.failure().getMessage())));
    router.errorHandler(413, ctx -> ApiErrors.send(ctx, 413, "PAYLOAD_TOO_LARGE",
        "the body is larger than " + (ctx.request().path().startsWith("/v1/tokens")
            ? io.snowfox.api.auth.TokenEndpoint.MAX_BODY_BYTES : JobEndpoint.MAX_BODY_BYTES)
        + " bytes"));
    router.errorHandler(415, ctx -> ApiErrors.send(ctx, 415, "UNSUPPORTED_MEDIA_TYPE",
        "unsupported Content-Type " + ctx.request().getHeader("Content-Type")));
    router.errorHandler(500, ctx -> ApiErrors.send(ctx, ctx.failure() == null
        ? new IllegalStateException("unknown failure") : ctx.failure()));
    return router;
  }
}
