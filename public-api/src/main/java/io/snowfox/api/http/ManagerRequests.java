package io.snowfox.api.http;

import com.google.protobuf.Message;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Requests to the leading manager, the only consumer of {@link Addresses#JOBS}, and how their
 * failures are answered. No manager there (none leads yet, or it is restarting) is 503 with
 * {@code Retry-After}: the same request may succeed soon. A manager that did not answer in time
 * is 504: the request may or may not have been carried out, so the client looks before sending
 * it again.
 */
public final class ManagerRequests {

  /** How long the manager has to answer. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);
  /**
   * What a 503 tells the client to wait before sending again: a waiting request is answered in
   * about 10 ms, so a second lets those ahead of it drain many times over.
   */
  public static final long RETRY_AFTER_SECONDS = 1;

  private final RoleContext context;

  public ManagerRequests(RoleContext context) {
    this.context = context;
  }

  /** Asks the leading manager, waiting {@link #DEADLINE} for its answer. */
  public <R extends Message> Future<R> ask(Message request, Class<R> type) {
    return ask(request, type, DEADLINE);
  }

  /** Asks the leading manager and returns its answer's payload as a {@code type}. */
  public <R extends Message> Future<R> ask(Message request, Class<R> type, Duration deadline) {
    return context.bus()
        .request(Addresses.JOBS, Envelopes.request(request).setSource(context.bus().self()),
            deadline)
        .map(reply -> Envelopes.unpack(reply, type));
  }

  /** Answers a failed request to the manager (or, for job output, to a spawner) fittingly. */
  public static void fail(RoutingContext ctx, Throwable failure) {
    if (failure instanceof StatusException status
        && status.code() == StatusCode.STATUS_CODE_UNAVAILABLE) {
      ApiErrors.unavailable(ctx, RETRY_AFTER_SECONDS, status.getMessage());
      return;
    }
    if (failure instanceof StatusException status
        && status.code() == StatusCode.STATUS_CODE_TIMEOUT) {
      ApiErrors.send(ctx, 504, "TIMEOUT", status.getMessage() + "; the outcome is unknown");
      return;
    }
    ApiErrors.send(ctx, failure);
  }
}
