package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Two nodes, one killed for good: a node is gone only when a majority of the known nodes says
 * so, and one of two is no majority, so its instance waits. Once the operator forgets the dead
 * node ({@code DELETE /v1/nodes/{id}}), the survivor is the whole cluster and runs it.
 */
class NodeForgetIT {

  private static final Duration WAIT = Duration.ofSeconds(90);

  @Test
  void forgettingADeadNodeLetsTheOtherRunItsInstancesAndAliveOrUnknownNodesAreRefused()
      throws Exception {
    TestNode a = TestNode.start("keep", List.of());
    TestNode b = null;
    try {
      a.awaitGreen();
      b = TestNode.start("gone", List.of("--seed", a.seed(), "--no-api"));
      b.awaitStatus(a.apiUrl(), "GREEN");
      JsonObject spec = new JsonObject().put("name", "pair").put("command", "/bin/sleep")
          .put("args", new JsonArray().add("100000")).put("instances", 2)
          .put("restart", new JsonObject().put("policy", "always"));
      Http.Answer submitted = Http.post(a.apiUrl() + "/v1/jobs", "application/json",
          spec.encode());
      assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
      String job = submitted.json().getString("id");
      eventually(WAIT, () -> assertThat(running(a, job)).containsOnlyKeys("keep", "gone"));

      List<Long> everything = new ArrayList<>(List.of(b.daemonPid()));
      b.descendants().forEach(everything::add);
      everything.forEach(pid -> TestNode.kill(pid, true));
      eventually(WAIT, () -> assertThat(node(a, "gone").getString("status"))
          .isEqualTo("UNREACHABLE"));

      Http.Answer alive = Http.delete(a.apiUrl() + "/v1/nodes/keep");
      assertThat(alive.status()).as(alive.body()).isEqualTo(409);
      assertThat(alive.json().getString("message")).contains("is in the cluster");
      assertThat(Http.delete(a.apiUrl() + "/v1/nodes/nowhere").status()).isEqualTo(404);

      Http.Answer forgotten = Http.delete(a.apiUrl() + "/v1/nodes/gone");
      assertThat(forgotten.status()).as(forgotten.body()).isEqualTo(200);
      assertThat(forgotten.json().getBoolean("forgotten")).isTrue();

      eventually(WAIT, () -> assertThat(running(a, job)).containsOnly(Map.entry("keep", 2)));
      assertThat(Http.get(a.apiUrl() + "/v1/nodes").json().getJsonArray("nodes").stream()
          .map(n -> ((JsonObject) n).getString("node_id"))).containsExactly("keep");
      Http.post(a.apiUrl() + "/v1/jobs/" + job + "/stop", "application/json", "{}");
    } finally {
      if (b != null) {
        b.close();
      }
      a.close();
    }
  }

  /** Node to running instances of the job. */
  private static Map<String, Integer> running(TestNode api, String jobId) throws Exception {
    Map<String, Integer> perNode = new TreeMap<>();
    JsonArray all = Http.get(api.apiUrl() + "/v1/jobs/" + jobId).json().getJsonObject("job")
        .getJsonArray("instances");
    for (int i = 0; i < all.size(); i++) {
      JsonObject instance = all.getJsonObject(i);
      if ("running".equals(instance.getString("state"))) {
        perNode.merge(instance.getString("node"), 1, Integer::sum);
      }
    }
    return perNode;
  }

  private static JsonObject node(TestNode api, String id) throws Exception {
    JsonArray nodes = Http.get(api.apiUrl() + "/v1/nodes").json().getJsonArray("nodes");
    for (int i = 0; i < nodes.size(); i++) {
      if (id.equals(nodes.getJsonObject(i).getString("node_id"))) {
        return nodes.getJsonObject(i);
      }
    }
    throw new AssertionError("no node " + id + " in " + nodes);
  }
}
