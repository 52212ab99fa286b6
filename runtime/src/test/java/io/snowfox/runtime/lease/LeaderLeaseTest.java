package io.snowfox.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managers asking three daemons' lease desks for the lead, over a (local) event bus: the
 * protocol of {@link LeaderLease} and {@link LeaseDesk} end to end.
 */
class LeaderLeaseTest {

  private static final Set<String> NODES = Set.of("n1", "n2", "n3");
  private static final Duration LEASE = Duration.ofSeconds(1);

  @TempDir
  Path dataDirs;

  private Vertx vertx;
  /** Managers the daemons' cluster does not count as members. */
  private final Set<String> outOfView = new java.util.concurrent.CopyOnWriteArraySet<>();

  @BeforeEach
  void startDaemons() throws Exception {
    Correlation.init();
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    for (String node : NODES) {
      Bus daemon = new Bus(vertx, endpoint(node, Role.ROLE_DAEMON));
      var routes = daemon.routes(Addresses.daemon(node));
      LeaseDesk.open(vertx, daemon, dataDirs.resolve(node),
          member -> !outOfView.contains(member)).register(routes);
      await(routes.listen());
    }
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private LeaderLease manager(String node, String member, Set<String> known,
      AtomicReference<String> lost) {
    return new LeaderLease(vertx, new Bus(vertx, endpoint(node, Role.ROLE_MANAGER)), node,
        () -> member, LEASE, fixed(known), lost::set);
  }

  /** Voters that are {@code known} (and live), whoever answers. */
  private static LeaderLease.Voters fixed(Set<String> known) {
    return new LeaderLease.Voters() {
      @Override
      public Set<String> known() {
        return known;
      }

      @Override
      public Set<String> live() {
        return known;
      }
    };
  }

  @Test
  void aSecondManagerLeadsOnlyOnceTheFirstGivesItsLeaseBack() throws Exception {
    AtomicReference<String> lostA = new AtomicReference<>();
    LeaderLease a = manager("n1", "member-a", NODES, lostA);
    LeaderLease b = manager("n2", "member-b", NODES, new AtomicReference<>());

    assertThat(await(a.acquire())).isZero();
    await(a.confirm(1));
    assertThat(a.holds()).isTrue();
    assertThat(a.voters()).isEqualTo(NODES);

    Future<Long> second = b.acquire();
    Thread.sleep(LEASE.multipliedBy(3).toMillis());
    assertThat(second.isComplete()).as("b leads while a renews its lease").isFalse();
    assertThat(a.holds()).isTrue();
    assertThat(lostA.get()).isNull();

    await(a.release());
    assertThat(a.holds()).isFalse();
    assertThat(await(second)).as("b learns a's epoch from the daemons").isEqualTo(1);
    await(b.confirm(2));
    assertThat(b.holds()).isTrue();
  }

  @Test
  void aManagerOutsideTheDaemonsClusterGetsNoVoteThoughItReachesThem() throws Exception {
    outOfView.add("member-c");
    LeaderLease c = manager("n3", "member-c", NODES, new AtomicReference<>());

    Future<Long> acquired = c.acquire();
    Thread.sleep(LEASE.multipliedBy(2).toMillis());

    assertThat(acquired.isComplete()).isFalse();
    outOfView.clear();
    assertThat(await(acquired)).isZero();
  }

  @Test
  void aLeaderCutOffFromTheDaemonsStopsHoldingAndTheOthersLeadAfterItsLeaseRanOut()
      throws Exception {
    Set<String> reachable = new java.util.concurrent.CopyOnWriteArraySet<>(NODES);
    AtomicReference<String> lostA = new AtomicReference<>();
    LeaderLease a = new LeaderLease(vertx, new Bus(vertx, endpoint("n1", Role.ROLE_MANAGER)),
        "n1", () -> "member-a", LEASE, new LeaderLease.Voters() {
          @Override
          public Set<String> known() {
            return knownButCutOff(reachable);
          }

          @Override
          public Set<String> live() {
            return known();
          }
        }, lostA::set);
    await(a.acquire());
    await(a.confirm(5));

    // From a's side, two of the three daemons no longer answer.
    reachable.remove("n2");
    reachable.remove("n3");
    waitUntil(() -> lostA.get() != null);
    assertThat(a.holds()).isFalse();
    assertThat(lostA.get()).contains("ran out");

    LeaderLease b = manager("n2", "member-b", NODES, new AtomicReference<>());
    assertThat(await(b.acquire())).isEqualTo(5);
  }

  /** The known nodes, with those cut off renamed to addresses no daemon listens on. */
  private static Set<String> knownButCutOff(Set<String> reachable) {
    Set<String> known = new java.util.TreeSet<>();
    for (String node : NODES) {
      known.add(reachable.contains(node) ? node : node + "-cut");
    }
    return known;
  }

  private static Endpoint endpoint(String node, Role role) {
    return Endpoint.newBuilder().setNodeId(node).setRole(role).build();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as("condition met within 20 s").isTrue();
      Thread.sleep(50);
    }
  }
}
