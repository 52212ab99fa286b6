package io.snowfox.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.snowfox.protocol.v1.StatusCode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Bus requests by address, payload type and final status, with their latency: as the sender
 * sees them ({@code snowfox_bus_requests_seconds}, transport failures included: TIMEOUT,
 * UNAVAILABLE) and as the handler sees them ({@code snowfox_bus_handled_seconds}).
 *
 * <p>Per request this is one map look-up and one timer update; the timers are made once per
 * address, type and status. Addresses are bounded (a few per node), types are the protocol's.
 */
public final class BusMetrics {

  /** Requests this process sent, until their final answer or failure. */
  public static final String SENT = "snowfox.bus.requests";
  /** Requests this process's handlers answered, until the answer left. */
  public static final String HANDLED = "snowfox.bus.handled";

  /** Bucket bounds of both histograms: a local round trip to a slow handler. */
  static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5),
      Duration.ofMillis(25), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(2),
      Duration.ofSeconds(10)};

  /** Records nothing: for a bus without a registry. */
  public static final BusMetrics NONE = new BusMetrics(null);

  private record Key(boolean sent, String address, String type, StatusCode status) {}

  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  BusMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A request sent to {@code address} ended with {@code status} after {@code nanos}. */
  public void sent(String address, String type, StatusCode status, long nanos) {
    record(new Key(true, address, type, status), nanos);
  }

  /** A request on {@code address} was answered with {@code status} after {@code nanos}. */
  public void handled(String address, String type, StatusCode status, long nanos) {
    record(new Key(false, address, type, status), nanos);
  }

  private void record(Key key, long nanos) {
    if (registry == null) {
      return;
    }
    timers.computeIfAbsent(key, this::timer).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder(key.sent() ? SENT : HANDLED)
        .description(key.sent()
            ? "Bus requests this process sent, by address, payload type and final status"
            : "Bus requests this process's handlers answered, by address, payload type and status")
        .tag("address", key.address())
        .tag("type", key.type())
        .tag("status", statusLabel(key.status()))
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** "OK", "TIMEOUT", ...: the status code without its enum prefix. */
  static String statusLabel(StatusCode status) {
    String name = status.name();
    return name.startsWith("STATUS_CODE_") ? name.substring("STATUS_CODE_".length()) : name;
  }
}
