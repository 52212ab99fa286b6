package io.snowfox.api.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Work one token may make the API do at once: costly calls (a trace search reads every node's
 * logs; a followed log or an event stream holds a connection and a timer) are bounded per token,
 * in number at a time and in rate, so that one client cannot starve the others. Beyond a bound
 * the call is refused; the caller answers 429 with {@code Retry-After}.
 *
 * <p>Rates are token buckets: {@code burst} calls at once, then one every
 * {@code 1 / perSecond} seconds.
 */
public final class RequestLimits {

  /** What is bounded. */
  public enum Kind {
    /** {@code GET /v1/traces/{id}}: searches the logs of every node. */
    TRACE(2, 10, 0.5, "trace searches"),
    /** Followed logs and event streams: each holds a connection open. */
    STREAM(8, 20, 1.0, "streams");

    final int concurrent;
    final double burst;
    final double perSecond;
    final String what;

    Kind(int concurrent, double burst, double perSecond, String what) {
      this.concurrent = concurrent;
      this.burst = burst;
      this.perSecond = perSecond;
      this.what = what;
    }

    /** How many calls of this kind one token may have running at once. */
    public int concurrent() {
      return concurrent;
    }
  }

  /** A call admitted: close it when the call ends, whichever way. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private static final class Budget {
    int running;
    double tokens;
    long refilledAtNanos;
  }

  private final LongSupplier nanoClock;
  private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

  public RequestLimits() {
    this(System::nanoTime);
  }

  RequestLimits(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Outcome of asking: a permit, or how many seconds to wait before trying again. */
  public record Admission(Permit permit, long retryAfterSeconds) {
    public boolean admitted() {
      return permit != null;
    }
  }

  /** Asks to start a call of {@code kind} for the token {@code tokenId}. */
  public Admission admit(String tokenId, Kind kind) {
    Budget budget = budgets.computeIfAbsent(tokenId + "/" + kind, k -> {
      Budget fresh = new Budget();
      fresh.tokens = kind.burst;
      fresh.refilledAtNanos = nanoClock.getAsLong();
      return fresh;
    });
    synchronized (budget) {
      long now = nanoClock.getAsLong();
      budget.tokens = Math.min(kind.burst,
          budget.tokens + (now - budget.refilledAtNanos) / 1e9 * kind.perSecond);
      budget.refilledAtNanos = now;
      if (budget.running >= kind.concurrent) {
        return new Admission(null, 1);
      }
      if (budget.tokens < 1) {
        return new Admission(null, (long) Math.ceil((1 - budget.tokens) / kind.perSecond));
      }
      budget.tokens -= 1;
      budget.running++;
    }
    boolean[] closed = new boolean[1];
    return new Admission(() -> {
      synchronized (budget) {
        if (!closed[0]) {
          closed[0] = true;
          budget.running--;
        }
      }
    }, 0);
  }

  /**
   * Admits the request's call of {@code kind} for its token until the request ends, or answers
   * 429 with {@code Retry-After}; true when admitted.
   */
  public boolean admitOrRefuse(io.vertx.ext.web.RoutingContext ctx, Kind kind) {
    Admission admission = admit(AuthHandler.access(ctx).tokenId(), kind);
    if (!admission.admitted()) {
      io.snowfox.api.http.ApiErrors.tooMany(ctx, admission.retryAfterSeconds(), "this token has "
          + kind.concurrent + " " + kind.what + " running or starts them too often");
      return false;
    }
    ctx.addEndHandler(ended -> admission.permit().close());
    return true;
  }

  /** How many calls of {@code kind} the token has running. */
  public int running(String tokenId, Kind kind) {
    Budget budget = budgets.get(tokenId + "/" + kind);
    if (budget == null) {
      return 0;
    }
    synchronized (budget) {
      return budget.running;
    }
  }
}
