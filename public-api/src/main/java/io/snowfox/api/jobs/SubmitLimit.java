package io.snowfox.api.jobs;

import io.snowfox.api.auth.RequestLimits;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Submits this API process has sent to the manager and not had answered yet, bounded. The
 * manager persists submits one at a time; beyond the bound a new submit would only wait in its
 * queue until the API's deadline and then answer 504 with an unknown outcome. Refusing it at
 * once with 503 and {@code Retry-After} tells the client the same thing in time to act on it,
 * and keeps the API's memory and the manager's queue bounded under a burst.
 *
 * <p>The bound is per API process, not per token: it protects the manager, whoever submits.
 * The per-token bounds of costly reads are {@link RequestLimits}.
 */
public final class SubmitLimit {

  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();

  /** At most {@code max} submits waiting for the manager at once. */
  public SubmitLimit(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one submit must be allowed, got " + max);
    }
    this.max = max;
  }

  /** A permit for one more submit, or null when {@code max} are waiting already. */
  public RequestLimits.Permit tryAdmit() {
    while (true) {
      int now = inFlight.get();
      if (now >= max) {
        return null;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        break;
      }
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        inFlight.decrementAndGet();
      }
    };
  }

  /** Submits waiting for the manager now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The bound. */
  public int max() {
    return max;
  }
}
