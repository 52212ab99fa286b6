package io.snowfox.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two clustered Vert.x instances on loopback. The event bus of the sender is made to believe
 * what a split brain leaves behind (the address is served by a node that is gone, its real
 * server unknown): requests then go unanswered until the registrations are read again, and a
 * refresh brings the answers back.
 */
class RefreshingClusterManagerIT {

  private static final String ADDRESS = "it.echo";
  private static final DeliveryOptions SHORT = new DeliveryOptions().setSendTimeout(1_000);
  private static final List<Vertx> started = new ArrayList<>();
  private static RefreshingClusterManager senderManager;
  private static Vertx sender;

  @BeforeAll
  static void startTwoMembers() throws Exception {
    String name = "refresh-it-" + UUID.randomUUID();
    int firstPort = freePort();
    Vertx server = start(new RefreshingClusterManager(Clusters.hazelcastConfig(
        ClusterOptions.parse("--node-id", "n1", "--cluster-name", name,
            "--cluster-port", Integer.toString(firstPort)), "daemon", false), 1_000));
    server.eventBus().<String>consumer(ADDRESS, message -> message.reply("echo " + message.body()))
        .completion().await();
    senderManager = new RefreshingClusterManager(Clusters.hazelcastConfig(
        ClusterOptions.parse("--node-id", "n2", "--cluster-name", name,
            "--cluster-port", Integer.toString(freePort()), "--seed", "127.0.0.1:" + firstPort),
        "api", true), 1_000);
    sender = start(senderManager);
  }

  @AfterAll
  static void stopAll() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close().await();
    }
  }

  @Test
  void aViewLeftStaleByLostEventsIsReadAgainAndRequestsAreAnsweredOnceMore() throws Exception {
    assertThat(ask()).isEqualTo("echo hello");

    senderManager.busListener().registrationsUpdated(new RegistrationUpdateEvent(ADDRESS,
        List.of(new RegistrationInfo("a-node-that-left-" + UUID.randomUUID(), 1, false))));
    assertThat(askFails()).as("a request sent where the stale view points").isTrue();

    senderManager.refresh();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String answer = null;
    while (answer == null && System.nanoTime() < deadline) {
      try {
        answer = ask();
      } catch (RuntimeException e) {
        Thread.sleep(200);
      }
    }
    assertThat(answer).isEqualTo("echo hello");
  }

  @Test
  void aRequestThatFoundNobodyListeningHasTheViewReadAgainAndFindsTheServer() throws Exception {
    assertThat(ask()).isEqualTo("echo hello");

    // The stale view: the sender itself serves the address (it does not).
    senderManager.busListener().registrationsUpdated(new RegistrationUpdateEvent(ADDRESS,
        List.of(new RegistrationInfo(senderManager.getNodeId(), 1, false))));
    assertThat(askFails()).as("nobody listens, in the stale view").isTrue();

    assertThat(Clusters.refreshAfterNoHandlers(sender, ADDRESS).await())
        .as("someone listens, as the map says").isTrue();
    assertThat(ask()).isEqualTo("echo hello");
  }

  /** The answer; a failed or late request throws. */
  private static String ask() {
    return sender.eventBus().<String>request(ADDRESS, "hello", SHORT).await().body();
  }

  private static boolean askFails() {
    try {
      ask();
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static Vertx start(RefreshingClusterManager manager) throws Exception {
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(
            new EventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1")))
        .withClusterManager(manager)
        .buildClustered()
        .await();
    started.add(vertx);
    return vertx;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
