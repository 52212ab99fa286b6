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
 * Two nodes, two managers, one leader: every job request is answered by the same manager, and
 * when it dies the other takes over with every job.
 */
class ManagerLeadershipIT {

  private static JsonObject echo(String name) {
    return new JsonObject().put("name", name).put("command", "/bin/echo")
        .put("args", new JsonArray().add(name));
  }

  @Test
  void oneManagerLeadsAndAnotherTakesOverWithEveryJob() throws Exception {
    TestNode a = TestNode.start("lead-a", List.of());
    TestNode b = null;
    try {
      a.awaitGreen();
      b = TestNode.start("lead-b", List.of("--seed", a.seed(), "--no-api"));
      b.awaitStatus(a.apiUrl(), "GREEN");

      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Http.Answer submitted = Http.post(a.apiUrl() + "/v1/jobs", "application/json",
            echo("job" + i).encode());
        assertThat(submitted.status()).isEqualTo(201);
        String id = submitted.json().getString("id");
        ids.add(id);
        assertThat(Http.get(a.apiUrl() + "/v1/jobs/" + id).status())
            .as("the job just accepted is known to whoever answers").isEqualTo(200);
      }
      eventually(Duration.ofSeconds(60), () -> {
        for (String id : ids) {
          assertThat(Http.get(a.apiUrl() + "/v1/jobs/" + id).json().getJsonObject("job")
              .getString("state")).isEqualTo("complete");
        }
      });

      long leader = TestNode.subsystem(a.info().getJsonObject("node"), "manager")
          .getLong("pid");
      TestNode.kill(leader, true);

      eventually(Duration.ofSeconds(60), () -> {
        JsonArray jobs = Http.get(a.apiUrl() + "/v1/jobs").json().getJsonArray("jobs");
        assertThat(jobs.size()).isEqualTo(ids.size());
      });
      String after = Http.post(a.apiUrl() + "/v1/jobs", "application/json",
          echo("after").encode()).json().getString("id");
      eventually(Duration.ofSeconds(60), () -> assertThat(Http.get(a.apiUrl() + "/v1/jobs/"
          + after).json().getJsonObject("job").getString("state")).isEqualTo("complete"));
      assertThat(b.logLines("manager")).anySatisfy(line ->
          assertThat(line).contains("this manager leads"));
    } finally {
      if (b != null) {
        b.close();
      }
      a.close();
    }
  }

  @Test
  void aStandbyKeepsEveryJobInItsOwnStoreAndLeadsWithThemAfterTheWholeClusterStops()
      throws Exception {
    TestNode a = TestNode.start("mirror-a", List.of());
    TestNode b = null;
    TestNode bAlone = null;
    try {
      a.awaitGreen();
      b = TestNode.start("mirror-b", List.of("--seed", a.seed()));
      b.awaitStatus(a.apiUrl(), "GREEN");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(Http.post(a.apiUrl() + "/v1/jobs", "application/json", echo("kept" + i)
            .encode()).json().getString("id"));
      }
      eventually(Duration.ofSeconds(60), () -> {
        for (String id : ids) {
          assertThat(Http.get(a.apiUrl() + "/v1/jobs/" + id).json().getJsonObject("job")
              .getString("state")).isEqualTo("complete");
        }
      });

      // b never led: its store has the jobs only by following the cluster map. It stops first,
      // so it does not lead even for a moment; then the cluster is gone, map and all.
      b.close();
      assertThat(b.logLines("manager")).noneSatisfy(line ->
          assertThat(line).contains("this manager leads"));
      a.close();
      bAlone = TestNode.restart(b);
      bAlone.awaitGreen();

      assertThat(bAlone.completeJobIds()).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      if (bAlone != null) {
        bAlone.close();
      } else if (b != null) {
        b.close();
      }
      a.close();
    }
  }
}
