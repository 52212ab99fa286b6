package io.snowfox.api.http;

import io.snowfox.protocol.StatusNames;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Correlation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Error answers: {@code {"error": CODE, "message": ..., "correlation_id": ...}} with the matching
 * HTTP status. A stack trace never reaches the client; it goes to the log.
 */
public final class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** Answers with an error body. */
  public static void send(RoutingContext ctx, int httpStatus, String code, String message) {
    send(ctx, httpStatus, code, message, null);
  }

  /** Too much at once from one token: 429 with the seconds to wait in {@code Retry-After}. */
  public static void tooMany(RoutingContext ctx, long retryAfterSeconds, String what) {
    ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    send(ctx, 429, "TOO_MANY_REQUESTS", what + "; try again in " + Math.max(1, retryAfterSeconds)
        + " s");
  }

  /**
   * The cluster cannot take the request now but may soon (no manager, or too much waiting for
   * it): 503 with the seconds to wait in {@code Retry-After}.
   */
  public static void unavailable(RoutingContext ctx, long retryAfterSeconds, String message) {
    ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, retryAfterSeconds)));
    send(ctx, 503, "UNAVAILABLE", message);
  }

  /** A refused job spec: 400 with one "field: problem" per element of {@code fields}. */
  public static void badSpec(RoutingContext ctx, String message, java.util.List<String> fields) {
    send(ctx, 400, "BAD_REQUEST", message, fields);
  }

  private static void send(RoutingContext ctx, int httpStatus, String code, String message,
      java.util.List<String> fields) {
    if (ctx.response().ended()) {
      return;
    }
    JsonObject body = new JsonObject()
        .put("error", code)
        .put("message", message);
    if (fields != null) {
      body.put("fields", new io.vertx.core.json.JsonArray(fields));
    }
    body.put("correlation_id", Correlation.id() == null ? "" : Correlation.id());
    ctx.response()
        .setStatusCode(httpStatus)
        .putHeader("Content-Type", "application/json")
        .end(body.encode());
  }

  /** Answers a failure of the cluster or of a handler with the fitting status. */
  public static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof StatusException status
        && status.code() == StatusCode.STATUS_CODE_UNAVAILABLE) {
      // Every 503 says when to come back (no manager yet, or one restarting).
      unavailable(ctx, ManagerRequests.RETRY_AFTER_SECONDS, status.getMessage());
      return;
    }
    if (failure instanceof StatusException status) {
      send(ctx, httpStatus(status.code()), StatusNames.of(status.code()), status.getMessage());
      return;
    }
    log.error("request failed unexpectedly", failure);
    send(ctx, 500, "INTERNAL", "internal error; see the API log for correlation id "
        + Correlation.id());
  }

  /** The HTTP status for a bus status code. */
  public static int httpStatus(StatusCode code) {
    switch (code) {
      case STATUS_CODE_OK:
        return 200;
      case STATUS_CODE_BAD_REQUEST:
        return 400;
      case STATUS_CODE_FORBIDDEN:
        return 403;
      case STATUS_CODE_NOT_FOUND:
        return 404;
      case STATUS_CODE_CONFLICT:
        return 409;
      case STATUS_CODE_UNSUPPORTED:
        return 501;
      case STATUS_CODE_UNAVAILABLE:
        return 503;
      case STATUS_CODE_TIMEOUT:
        return 504;
      default:
        return 500;
    }
  }
}
