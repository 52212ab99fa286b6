package io.snowfox.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.snowfox.runtime.bus.Correlation;
import io.vertx.core.Vertx;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Copies the correlation scope of the current Vert.x context into the MDC before each log call,
 * so every line written while handling a message carries {@code correlation_id} and {@code kind},
 * including lines written in callbacks and timers of the same flow.
 *
 * <p>Off a Vert.x context the MDC is left as the thread set it.
 */
public final class CorrelationTurboFilter extends TurboFilter {

  /** MDC key of the correlation id. */
  public static final String CORRELATION_ID = "correlation_id";
  /** MDC key of the message kind being handled. */
  public static final String KIND = "kind";
  /** MDC key of the namespace the flow acts for, when a user's request started it. */
  public static final String TENANT = "tenant";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format,
      Object[] params, Throwable t) {
    if (Vertx.currentContext() == null) {
      return FilterReply.NEUTRAL;
    }
    Correlation.Scope scope = Correlation.current();
    if (scope == null) {
      MDC.remove(CORRELATION_ID);
      MDC.remove(KIND);
      MDC.remove(TENANT);
    } else {
      if (scope.tenant().isEmpty()) {
        MDC.remove(TENANT);
      } else {
        MDC.put(TENANT, scope.tenant());
      }
      MDC.put(CORRELATION_ID, scope.correlationId());
      if (scope.kind() == null || scope.kind().isEmpty()) {
        MDC.remove(KIND);
      } else {
        MDC.put(KIND, scope.kind());
      }
    }
    return FilterReply.NEUTRAL;
  }
}
