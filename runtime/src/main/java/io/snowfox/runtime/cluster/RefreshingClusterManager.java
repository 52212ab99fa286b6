package io.snowfox.runtime.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.config.Config;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's Hazelcast cluster manager, with the event bus's view of who serves an address kept
 * true through splits and merges.
 *
 * <p>The event bus caches, per address it sends to, the nodes registered there, and updates
 * that cache only from the subscription map's entry events. A split brain loses some of those
 * events, and a merge brings entries back without any: after a node froze and resumed, a
 * spawner sent ProcessExited to {@code snowfox.v1.jobs} for minutes without an answer while
 * the leading manager served that address. So every address's registrations are read again
 * shortly after each membership change or merge, once more when the cluster should have
 * settled, and every {@link #PERIOD_MILLIS} in any case.
 */
final class RefreshingClusterManager extends HazelcastClusterManager {

  private static final Logger log = LoggerFactory.getLogger(RefreshingClusterManager.class);

  /** A refresh in any case this often: the cost is one read per address the bus knows. */
  static final long PERIOD_MILLIS = 30_000;
  /** The subscription map of Vert.x's Hazelcast cluster manager. */
  private static final String SUBSCRIPTIONS = "__vertx.subs";

  private final long settleMillis;
  /** Every address seen in the subscription map: one whose registrations all went is updated too. */
  private final Set<String> addresses = ConcurrentHashMap.newKeySet();
  private volatile Vertx vertx;
  private volatile RegistrationListener listener;
  private volatile long periodic = -1;
  /** Updates handed to the bus per address, by Vert.x or by a refresh; guarded by itself. */
  private final java.util.Map<String, Long> updates = new java.util.HashMap<>();
  /** When each address was last refreshed after a request found nobody listening. */
  private final java.util.Map<String, Long> lastNoHandlerRefresh = new ConcurrentHashMap<>();

  /**
   * @param settleMillis how long after a membership change the cluster should have settled
   *     (merges included): a second refresh runs then
   */
  RefreshingClusterManager(Config config, long settleMillis) {
    super(config);
    this.settleMillis = settleMillis;
  }

  @Override
  public void init(Vertx vertx) {
    super.init(vertx);
    this.vertx = vertx;
  }

  @Override
  public void registrationListener(RegistrationListener listener) {
    this.listener = listener;
    super.registrationListener(new Counted(listener));
  }

  /**
   * Passes Vert.x's own updates on, counting them per address: a refresh read before one of them
   * must not replace it (a consumer registered meanwhile would seem absent until the next update).
   */
  private final class Counted implements RegistrationListener {

    private final RegistrationListener bus;

    Counted(RegistrationListener bus) {
      this.bus = bus;
    }

    @Override
    public void registrationsUpdated(RegistrationUpdateEvent event) {
      synchronized (updates) {
        updates.merge(event.address(), 1L, Long::sum);
        bus.registrationsUpdated(event);
      }
    }

    @Override
    public void registrationsLost() {
      bus.registrationsLost();
    }

    @Override
    public boolean wantsUpdatesFor(String address) {
      return bus.wantsUpdatesFor(address);
    }
  }

  @Override
  public void join(Completable<Void> promise) {
    super.join((done, failure) -> {
      if (failure == null) {
        periodic = vertx.setPeriodic(PERIOD_MILLIS, id -> refresh());
      }
      promise.complete(done, failure);
    });
  }

  @Override
  public void leave(Completable<Void> promise) {
    if (periodic >= 0) {
      vertx.cancelTimer(periodic);
    }
    super.leave(promise);
  }

  @Override
  public synchronized void memberAdded(MembershipEvent event) {
    super.memberAdded(event);
    refreshSoon();
  }

  @Override
  public synchronized void memberRemoved(MembershipEvent event) {
    super.memberRemoved(event);
    refreshSoon();
  }

  @Override
  public synchronized void stateChanged(LifecycleEvent event) {
    super.stateChanged(event);
    if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
      refreshSoon();
    }
  }

  /** What the event bus is told about registrations (tests stand in for a lost event with it). */
  RegistrationListener busListener() {
    return listener;
  }

  private void refreshSoon() {
    Vertx running = vertx;
    if (running == null || !isActive()) {
      return;
    }
    running.setTimer(1_000, id -> refresh());
    running.setTimer(settleMillis, id -> refresh());
  }

  /**
   * Reads every known address's registrations and hands them to the bus as an update, unless
   * another update of that address reached the bus while they were read.
   */
  void refresh() {
    RegistrationListener bus = listener;
    if (bus == null || !isActive()) {
      return;
    }
    vertx.executeBlocking(() -> {
      addresses.addAll(getHazelcastInstance().getMultiMap(SUBSCRIPTIONS).keySet()
          .stream().map(String::valueOf).toList());
      return addresses.stream().filter(bus::wantsUpdatesFor).toList();
    }, false).compose(wanted -> Future.join(wanted.stream()
        .map(address -> refresh(bus, address).mapEmpty()).toList()))
        .onFailure(e -> log.debug("refreshing the bus's registrations failed: {}", e.toString()));
  }

  /**
   * Reads the registrations of {@code address} again, at most once a second, after a request
   * to it found nobody listening: the bus's view may be stale. True when someone listens there
   * now, as the map says.
   */
  Future<Boolean> refreshAfterNoHandlers(String address) {
    RegistrationListener bus = listener;
    long now = System.nanoTime();
    Long last = lastNoHandlerRefresh.get(address);
    if (bus == null || !isActive() || last != null && now - last < 1_000_000_000L) {
      return Future.succeededFuture(false);
    }
    lastNoHandlerRefresh.put(address, now);
    return refresh(bus, address).map(registrations -> !registrations.isEmpty());
  }

  private Future<List<RegistrationInfo>> refresh(RegistrationListener bus, String address) {
    long before = updatesOf(address);
    return Future.<List<RegistrationInfo>>future(p -> getRegistrations(address, p))
        .map(registrations -> {
          synchronized (updates) {
            if (updatesOf(address) == before) {
              updates.merge(address, 1L, Long::sum);
              bus.registrationsUpdated(new RegistrationUpdateEvent(address, registrations));
            }
          }
          return registrations;
        });
  }

  private long updatesOf(String address) {
    synchronized (updates) {
      return updates.getOrDefault(address, 0L);
    }
  }
}
