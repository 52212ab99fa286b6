package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.cluster.LeaderEpoch;
import io.snowfox.runtime.security.RecordSigner;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Leader epochs on a real two-member Hazelcast cluster on loopback: managers that take the lead
 * at the same time never share an epoch, and a leader learns at once that another took a newer
 * one (and so steps down before another write).
 */
class EpochClaimIT {

  private static final RecordSigner SIGNER = new RecordSigner(
      "the cluster key of this test, 32b".getBytes(StandardCharsets.UTF_8));
  private static HazelcastInstance first;
  private static HazelcastInstance second;

  @BeforeAll
  static void startCluster() throws Exception {
    String name = "epoch-it-" + UUID.randomUUID();
    int firstPort = freePort();
    first = Hazelcast.newHazelcastInstance(Clusters.hazelcastConfig(
        options(name, "n1", firstPort), "daemon", false));
    second = Hazelcast.newHazelcastInstance(Clusters.hazelcastConfig(
        options(name, "n2", freePort(), "--seed", "127.0.0.1:" + firstPort), "daemon", false));
    assertThat(second.getCluster().getMembers()).hasSize(2);
  }

  @AfterAll
  static void stopCluster() {
    second.shutdown();
    first.shutdown();
  }

  private static ClusterOptions options(String name, String node, int port, String... more) {
    List<String> args = new ArrayList<>(List.of("--node-id", node, "--cluster-name", name,
        "--cluster-port", Integer.toString(port)));
    args.addAll(List.of(more));
    return ClusterOptions.parse(args.toArray(String[]::new));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void managersTakingTheLeadTogetherNeverShareAnEpochAndEpochsOnlyGrow() throws Exception {
    EpochClaim onFirst = new EpochClaim(first, SIGNER, "n1");
    EpochClaim onSecond = new EpochClaim(second, SIGNER, "n2");
    Set<Long> taken = ConcurrentHashMap.newKeySet();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        EpochClaim claim = i % 2 == 0 ? onFirst : onSecond;
        all.add(threads.submit(() -> {
          for (int n = 0; n < 10; n++) {
            assertThat(taken.add(claim.take(0))).as("an epoch taken twice").isTrue();
          }
        }));
      }
      for (Future<?> one : all) {
        one.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    long newest = taken.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertThat(taken).hasSize(40);
    // A store that saw a later epoch (the map was lost in a restart of the whole cluster) wins.
    assertThat(onFirst.take(newest + 100)).isEqualTo(newest + 101);
    assertThat(LeaderEpoch.open(SIGNER, (String) second.getMap(
        io.snowfox.protocol.Addresses.LEADER_MAP).get(LeaderEpoch.KEY)))
        .hasValue(new LeaderEpoch(newest + 101, "n1"));
  }

  @Test
  void aLeaderLearnsAtOnceThatAnotherTookANewerEpoch() throws Exception {
    EpochClaim onFirst = new EpochClaim(first, SIGNER, "n1");
    EpochClaim onSecond = new EpochClaim(second, SIGNER, "n2");
    long mine = onFirst.take(0);
    BlockingQueue<LeaderEpoch> newer = new LinkedBlockingQueue<>();
    onFirst.watch(mine, newer::add);

    long theirs = onSecond.take(0);

    assertThat(newer.poll(30, TimeUnit.SECONDS)).isEqualTo(new LeaderEpoch(theirs, "n2"));
    assertThat(theirs).isGreaterThan(mine);
  }
}
