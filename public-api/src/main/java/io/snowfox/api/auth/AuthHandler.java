package io.snowfox.api.auth;

import io.snowfox.api.http.ApiErrors;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.security.TokenRoles;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request needs {@code Authorization: Bearer <token>}: without a valid token it gets 401,
 * beyond its token's role 403. The request then goes on in a correlation scope that carries the
 * token's namespace, so every message it causes carries it as tenant and partner ids and every
 * log line it causes names it.
 */
public final class AuthHandler implements Handler<RoutingContext> {

  /** Where the request's {@link Access} is kept in the routing context. */
  public static final String ACCESS = "snowfox.access";

  private static final Logger log = LoggerFactory.getLogger(AuthHandler.class);

  private final TokenDirectory tokens;

  public AuthHandler(TokenDirectory tokens) {
    this.tokens = tokens;
  }

  /** The access of an authenticated request. */
  public static Access access(RoutingContext ctx) {
    Access access = ctx.get(ACCESS);
    if (access == null) {
      throw new IllegalStateException("request not authenticated");
    }
    return access;
  }

  @Override
  public void handle(RoutingContext ctx) {
    Access access = tokens.authenticate(ctx.request().getHeader("Authorization")).orElse(null);
    if (access == null) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"snowfox\"");
      ApiErrors.send(ctx, 401, "UNAUTHORIZED", ctx.request().getHeader("Authorization") == null
          ? "this API needs 'Authorization: Bearer <token>'; the node's management token is in"
              + " <data-dir>/management.token"
          : "the token is not valid (unknown, revoked or malformed)");
      return;
    }
    TokenRole needed = AccessPolicy.needed(ctx.request().method(), ctx.request().path());
    if (!access.may(needed)) {
      log.warn("token {} ({} in {}) refused {} {}: needs {}", access.tokenId(),
          TokenRoles.name(access.role()), access.namespace(), ctx.request().method(),
          ctx.request().path(), TokenRoles.name(needed));
      ApiErrors.send(ctx, 403, "FORBIDDEN", "a " + TokenRoles.name(access.role())
          + " token may not " + ctx.request().method() + " " + ctx.request().path() + " (needs "
          + TokenRoles.name(needed) + ")");
      return;
    }
    ctx.put(ACCESS, access);
    Correlation.actFor(access.namespace(), access.partners());
    ctx.next();
  }
}
