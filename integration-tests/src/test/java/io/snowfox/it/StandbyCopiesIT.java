package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --standby-copies}: only the managers next in line to lead keep a copy of every job; a
 * manager out of line keeps none, and starts keeping them when it moves up the line.
 */
class StandbyCopiesIT {

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final List<String> ONE_COPY = List.of("--standby-copies", "1");

  private static JsonObject echo(String name) {
    return new JsonObject().put("name", name).put("command", "/bin/echo")
        .put("args", new JsonArray().add(name));
  }

  private static String submit(String api, String name) {
    List<String> id = new ArrayList<>();
    // Through a fail-over the API answers 503 until the next manager leads: the client retries.
    eventually(WAIT, () -> {
      Http.Answer answer = Http.post(api + "/v1/jobs", "application/json", echo(name).encode());
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      id.add(answer.json().getString("id"));
    });
    return id.get(0);
  }

  private static void awaitComplete(String api, List<String> ids) {
    eventually(WAIT, () -> {
      for (String id : ids) {
        assertThat(Http.get(api + "/v1/jobs/" + id).json().getJsonObject("job")
            .getString("state")).isEqualTo("complete");
      }
    });
  }

  private static void awaitLog(TestNode node, String text) {
    eventually(WAIT, () -> assertThat(node.logLines("manager"))
        .anySatisfy(line -> assertThat(line).contains(text)));
  }

  @Test
  void onlyTheNextInLineKeepCopiesAndTheLineMovesUpWhenTheLeaderGoes() throws Exception {
    TestNode a = TestNode.start("copies-a", ONE_COPY);
    TestNode b = null;
    TestNode c = null;
    TestNode cAlone = null;
    try {
      a.awaitGreen();
      b = TestNode.start("copies-b", concat(ONE_COPY, "--seed", a.seed()));
      b.awaitStatus(a.apiUrl(), "GREEN");
      c = TestNode.start("copies-c", concat(ONE_COPY, "--seed", a.seed()));
      c.awaitStatus(a.apiUrl(), "GREEN");
      awaitLog(b, "standing by, 1st in line to lead: this node's store keeps a copy of every job");
      awaitLog(c, "standing by, 2nd in line to lead, behind the 1 standby manager(s) that keep "
          + "copies (--standby-copies): this node's store keeps none");

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(submit(a.apiUrl(), "before" + i));
      }
      awaitComplete(a.apiUrl(), ids);

      // The leader's manager dies: b leads, c moves up to keep the copy, and a's manager comes
      // back last in line: it drops the copies its store held as the leader.
      long leader = TestNode.subsystem(a.info().getJsonObject("node"), "manager").getLong("pid");
      TestNode.kill(leader, true);
      awaitLog(b, "this manager leads");
      awaitLog(c, "standing by, 1st in line to lead: this node's store keeps a copy of every job");
      awaitLog(a, "dropped the copies of 3 job(s) from this node's store");
      ids.add(submit(a.apiUrl(), "after"));
      awaitComplete(a.apiUrl(), ids);

      // c never led: its store holds the jobs by following the map since it moved up, those
      // accepted before too. It stops first, then the cluster is gone, map and all.
      c.close();
      assertThat(c.logLines("manager")).noneSatisfy(line ->
          assertThat(line).contains("this manager leads"));
      a.close();
      b.close();
      cAlone = TestNode.restart(c);
      cAlone.awaitGreen();

      assertThat(cAlone.completeJobIds()).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      for (TestNode node : java.util.Arrays.asList(cAlone, c, b)) {
        if (node != null) {
          node.close();
        }
      }
      a.close();
    }
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }
}
