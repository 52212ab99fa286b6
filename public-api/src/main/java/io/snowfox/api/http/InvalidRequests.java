package io.snowfox.api.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.snowfox.protocol.Envelopes;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests the HTTP decoder could not read (a malformed request line, a header line too long)
 * never reach the router; without this they get Netty's bare status. They get the API's error
 * shape instead: a JSON body with a message and a correlation id, and the connection closed,
 * since what follows on it cannot be trusted to start a request.
 */
public final class InvalidRequests implements Handler<HttpServerRequest> {

  private static final Logger log = LoggerFactory.getLogger(InvalidRequests.class);

  @Override
  public void handle(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status;
    String code;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      code = "URI_TOO_LONG";
      message = "the request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      code = "REQUEST_HEADER_FIELDS_TOO_LARGE";
      message = "the request's headers are too large";
    } else {
      status = 400;
      code = "BAD_REQUEST";
      message = "not a well-formed HTTP request"
          + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    String correlationId = Envelopes.newId();
    log.info("refused a malformed request ({}): {} [correlation id {}]", status, message,
        correlationId);
    request.response()
        .setStatusCode(status)
        .putHeader(CorrelationHandler.HEADER, correlationId)
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(new JsonObject().put("error", code).put("message", message)
            .put("correlation_id", correlationId).encode())
        .onComplete(done -> request.connection().close());
  }
}
