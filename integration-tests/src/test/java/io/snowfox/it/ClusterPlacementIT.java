package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three nodes on loopback, as an operator runs them: instances spread over the nodes, a node is
 * never over-committed, a drained node empties, and a node that is lost (kill -9 of every
 * process) or frozen past the failure timeout has its instances run elsewhere, once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterPlacementIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> SMALL = List.of("--cpu", "4", "--memory-mb", "4096");

  private static TestNode a;
  private static TestNode b;
  private static TestNode c;
  private static final List<TestNode> extra = new ArrayList<>();

  @BeforeAll
  static void startNodes() throws Exception {
    a = TestNode.start("place-a", SMALL);
    a.awaitGreen();
    b = TestNode.start("place-b", join(SMALL, "--no-api"));
    c = TestNode.start("place-c", join(SMALL, "--no-api"));
    b.awaitStatus(a.apiUrl(), "GREEN");
    c.awaitStatus(a.apiUrl(), "GREEN");
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (TestNode node : extra) {
      node.close();
    }
    for (TestNode node : new TestNode[] {c, b, a}) {
      if (node != null) {
        node.close();
      }
    }
  }

  private static List<String> join(List<String> args, String... more) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of(more));
    all.addAll(List.of("--seed", a.seed()));
    return all;
  }

  private static String submit(String name, int instances, JsonObject resources) throws Exception {
    JsonObject spec = new JsonObject().put("name", name).put("command", "/bin/sleep")
        .put("args", new JsonArray().add("100000")).put("instances", instances)
        .put("restart", new JsonObject().put("policy", "always"));
    if (resources != null) {
      spec.put("resources", resources);
    }
    Http.Answer answer = Http.post(a.apiUrl() + "/v1/jobs", "application/json", spec.encode());
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().getString("id");
  }

  private static JsonArray instances(String jobId) throws Exception {
    return Http.get(a.apiUrl() + "/v1/jobs/" + jobId).json().getJsonObject("job")
        .getJsonArray("instances");
  }

  /** Node to running instances of the job; asserts every instance runs. */
  private static Map<String, Integer> allRunning(String jobId) throws Exception {
    Map<String, Integer> perNode = new TreeMap<>();
    JsonArray all = instances(jobId);
    for (int i = 0; i < all.size(); i++) {
      JsonObject instance = all.getJsonObject(i);
      assertThat(instance.getString("state")).as(instance.encode()).isEqualTo("running");
      perNode.merge(instance.getString("node"), 1, Integer::sum);
    }
    return perNode;
  }

  private static void stop(String jobId) throws Exception {
    Http.post(a.apiUrl() + "/v1/jobs/" + jobId + "/stop", "application/json", "{}");
  }

  private static JsonObject node(String id) throws Exception {
    JsonArray nodes = Http.get(a.apiUrl() + "/v1/nodes").json().getJsonArray("nodes");
    for (int i = 0; i < nodes.size(); i++) {
      if (id.equals(nodes.getJsonObject(i).getString("node_id"))) {
        return nodes.getJsonObject(i);
      }
    }
    throw new AssertionError("no node " + id + " in " + nodes);
  }

  @Test
  @Order(1)
  void sixInstancesOnThreeEqualNodesRunTwoOnEach() throws Exception {
    String job = submit("spread", 6, null);
    try {
      eventually(WAIT, () -> assertThat(allRunning(job)).isEqualTo(Map.of(
          "place-a", 2, "place-b", 2, "place-c", 2)));
    } finally {
      stop(job);
    }
  }

  @Test
  @Order(2)
  void aDrainedNodeEmptiesAndTakesNothingNewUntilItIsUndrained() throws Exception {
    String job = submit("drained", 3, null);
    try {
      eventually(WAIT, () -> assertThat(allRunning(job)).containsEntry("place-b", 1));

      Http.Answer drained = Http.post(a.apiUrl() + "/v1/nodes/place-b/drain",
          "application/json", "{}");
      assertThat(drained.status()).as(drained.body()).isEqualTo(200);
      eventually(WAIT, () -> {
        assertThat(allRunning(job)).doesNotContainKey("place-b").hasSize(2);
        assertThat(node("place-b").getBoolean("draining")).isTrue();
      });
      String after = submit("after-drain", 4, null);
      eventually(WAIT, () -> assertThat(allRunning(after)).doesNotContainKey("place-b"));
      stop(after);

      assertThat(Http.delete(a.apiUrl() + "/v1/nodes/place-b/drain").status()).isEqualTo(200);
      String undrained = submit("after-undrain", 3, null);
      eventually(WAIT, () -> assertThat(allRunning(undrained)).containsKey("place-b"));
      stop(undrained);
    } finally {
      stop(job);
    }
  }

  @Test
  @Order(3)
  void aJobLargerThanAnyNodeWaitsWithItsReasonAndRunsWhenABigNodeJoins() throws Exception {
    JsonObject huge = new JsonObject().put("cpu", 64).put("memory_mb", 1024);
    String job = submit("huge", 1, huge);
    try {
      eventually(WAIT, () -> {
        JsonObject instance = instances(job).getJsonObject(0);
        assertThat(instance.getString("state")).isEqualTo("pending");
        assertThat(instance.getString("last_error")).startsWith("no node has 64 cpu free")
            .contains("(largest: 4 on place-");
      });

      TestNode big = TestNode.start("place-big", join(List.of("--cpu", "64",
          "--memory-mb", "65536"), "--no-api"));
      extra.add(big);
      eventually(WAIT, () -> assertThat(allRunning(job)).isEqualTo(Map.of("place-big", 1)));
    } finally {
      stop(job);
    }
    for (TestNode node : extra) {
      node.close();
    }
    extra.clear();
  }

  /** Every process of a node frozen past the failure timeout, then resumed (docs/cluster.md). */
  @Test
  @Order(4)
  void aLostNodesInstancesRunElsewhereAndItsReturnDoesNotDoubleThem() throws Exception {
    String job = submit("survivor", 6, null);
    try {
      eventually(WAIT, () -> assertThat(allRunning(job)).containsKey("place-c"));
      Set<Long> onC = pidsOn(job, "place-c");

      // Frozen past the failure timeout: the cluster takes the node for lost.
      List<Long> frozen = everyProcessOf(c);
      signal("STOP", frozen);
      try {
        eventually(WAIT, () -> assertThat(allRunning(job)).doesNotContainKey("place-c"));
      } finally {
        signal("CONT", frozen);
      }
      // Back: its old runs are stopped, so each instance runs once.
      eventually(WAIT, () -> assertThat(onC).allSatisfy(pid ->
          assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
              .as("old run pid %d on the returned node", pid).isFalse()));
      eventually(WAIT, () -> assertThat(allRunning(job)).doesNotContainKey("place-c"));
    } finally {
      stop(job);
    }
  }

  @Test
  @Order(5)
  void killingEveryProcessOfANodeRunsItsInstancesElsewhere() throws Exception {
    c.awaitStatus(a.apiUrl(), "GREEN");
    String job = submit("crash", 6, null);
    try {
      eventually(WAIT, () -> assertThat(allRunning(job)).containsKey("place-b"));

      List<Long> everything = everyProcessOf(b);
      everything.forEach(pid -> TestNode.kill(pid, true));

      eventually(WAIT, () -> assertThat(allRunning(job)).doesNotContainKey("place-b"));
      JsonArray all = instances(job);
      assertThat(java.util.stream.IntStream.range(0, all.size()).mapToObj(all::getJsonObject)
          .filter(i -> i.getInteger("restarts") > 0).map(i -> i.getString("last_error")))
          .isNotEmpty();
    } finally {
      stop(job);
    }
  }

  private static Set<Long> pidsOn(String jobId, String node) throws Exception {
    JsonArray all = instances(jobId);
    return java.util.stream.IntStream.range(0, all.size()).mapToObj(all::getJsonObject)
        .filter(i -> node.equals(i.getString("node"))).map(i -> i.getLong("pid"))
        .collect(Collectors.toSet());
  }

  private static List<Long> everyProcessOf(TestNode node) {
    List<Long> pids = new ArrayList<>();
    pids.add(node.daemonPid());
    node.descendants().forEach(pids::add);
    return pids;
  }

  private static void signal(String name, List<Long> pids) throws Exception {
    List<String> command = new ArrayList<>(List.of("kill", "-" + name));
    pids.forEach(pid -> command.add(Long.toString(pid)));
    new ProcessBuilder(command).inheritIO().start().waitFor();
  }
}
