package io.snowfox.api.http;

import io.snowfox.api.client.SnowfoxClient;
import io.snowfox.protocol.Envelopes;
import io.snowfox.runtime.bus.Correlation;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a user exchange starts: keeps the client's well-formed {@code X-Correlation-Id} or makes
 * one, returns it on the response, and handles the rest of the request inside its scope, so
 * every message and log line the request causes carries it. Logs one access line per request.
 */
final class CorrelationHandler implements Handler<RoutingContext> {

  private static final Logger log = LoggerFactory.getLogger("io.snowfox.api.access");

  @Override
  public void handle(RoutingContext ctx) {
    String offered = ctx.request().getHeader(SnowfoxClient.CORRELATION_HEADER);
    String correlationId = Correlation.isValid(offered) ? offered : Envelopes.newId();
    long start = System.nanoTime();
    ctx.response().putHeader(SnowfoxClient.CORRELATION_HEADER, correlationId);
    Correlation.runIn(new Correlation.Scope(correlationId, "HTTP"), () -> {
      ctx.addEndHandler(done -> log.info("{} {} -> {} in {} ms", ctx.request().method(),
          ctx.request().uri(), ctx.response().getStatusCode(),
          (System.nanoTime() - start) / 1_000_000));
      ctx.next();
    });
  }
}
