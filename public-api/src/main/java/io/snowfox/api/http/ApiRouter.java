package io.snowfox.api.http;

import io.snowfox.api.nodes.NodeEndpoint;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.ext.web.Router;

/** The routes of the public API. */
public final class ApiRouter {

  private ApiRouter() {}

  public static Router create(RoleContext context) {
    Router router = Router.router(context.vertx());
    router.route().handler(new CorrelationHandler());
    new NodeEndpoint(context).mount(router);

    router.errorHandler(404, ctx -> ApiErrors.send(ctx, 404, "NOT_FOUND",
        "no such resource: " + ctx.request().method() + " " + ctx.request().path()));
    router.errorHandler(405, ctx -> ApiErrors.send(ctx, 405, "METHOD_NOT_ALLOWED",
        ctx.request().method() + " is not allowed on " + ctx.request().path()));
    router.errorHandler(500, ctx -> ApiErrors.send(ctx, ctx.failure() == null
        ? new IllegalStateException("unknown failure") : ctx.failure()));
    return router;
  }
}
