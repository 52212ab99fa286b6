package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ended jobs are removed, with their output, once their retention is over; others stay. */
class JobRetentionIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String JSON = "application/json";

  @Test
  void anEndedJobIsRemovedWithItsOutputAfterItsRetentionAndARunningOneStays() throws Exception {
    TestNode first = TestNode.start("retention", List.of("--job-retention", "2s"));
    TestNode second = null;
    try {
      first.awaitGreen();
      String jobs = first.apiUrl() + "/v1/jobs";
      String running = Http.post(jobs, JSON, new JsonObject().put("name", "stays")
          .put("command", "/bin/sleep").put("args", new JsonArray().add("300")).encode())
          .json().getString("id");
      String ended = Http.post(jobs, JSON, new JsonObject().put("name", "goes")
          .put("command", "/bin/echo").put("args", new JsonArray().add("bye")).encode())
          .json().getString("id");
      eventually(WAIT, () -> assertThat(state(first, ended)).isEqualTo("complete"));
      Path output = first.dataDir.resolve("jobs").resolve(ended);
      assertThat(output.resolve("0").resolve("stdout.log")).hasContent("bye");

      eventually(WAIT, () -> {
        assertThat(Http.get(jobs + "/" + ended).status()).isEqualTo(404);
        assertThat(output).doesNotExist();
      });
      assertThat(ids(Http.get(jobs).json().getJsonArray("jobs"))).containsExactly(running);
      assertThat(state(first, running)).isEqualTo("running");
      JsonArray removals = Http.get(first.apiUrl() + "/v1/events?follow=false&type=job.removed")
          .json().getJsonArray("events");
      assertThat(removals.size()).isEqualTo(1);
      assertThat(removals.getJsonObject(0).getString("job_id")).isEqualTo(ended);
      assertThat(Files.isDirectory(first.dataDir.resolve("jobs").resolve(running))).isTrue();

      assertThat(Http.delete(jobs + "/" + running).status()).isEqualTo(202);
      first.close();
      second = TestNode.restart(first);
      second.awaitGreen();
      String afterRestart = second.apiUrl() + "/v1/jobs";
      // The removed job does not come back from the store; the stopped one goes in its turn.
      assertThat(Http.get(afterRestart + "/" + ended).status()).isEqualTo(404);
      eventually(WAIT, () -> {
        assertThat(Http.get(afterRestart).json().getJsonArray("jobs")).isEmpty();
        assertThat(first.dataDir.resolve("jobs").resolve(running)).doesNotExist();
      });
    } finally {
      if (second != null) {
        second.close();
      } else {
        first.close();
      }
    }
  }

  @Test
  void aJobRemovedWhileANodeWasDownDoesNotComeBackFromThatNodesStore() throws Exception {
    TestNode a = TestNode.start("tomb-a", List.of("--job-retention", "2s"));
    TestNode b = null;
    TestNode bAgain = null;
    TestNode bAlone = null;
    try {
      a.awaitGreen();
      b = TestNode.start("tomb-b", List.of("--seed", a.seed(), "--job-retention", "2s",
          "--label", "pool=b"));
      b.awaitStatus(a.apiUrl(), "GREEN");
      String jobs = a.apiUrl() + "/v1/jobs";
      // Runs on b, so that b's store follows it to running.
      String id = Http.post(jobs, JSON, new JsonObject().put("name", "stale")
          .put("command", "/bin/sleep").put("args", new JsonArray().add("300"))
          .put("kill_timeout", "1s")
          .put("constraints", new JsonObject().put("labels", new JsonObject().put("pool", "b")))
          .encode()).json().getString("id");
      eventually(WAIT, () -> assertThat(state(a, id)).isEqualTo("running"));

      // b goes down with the job running in its store; the job ends with it (its run is
      // stopped, or found lost) and is removed while b is down.
      b.close();
      eventually(WAIT, () -> assertThat(Http.get(jobs + "/" + id).status()).isEqualTo(404));

      // b comes back while a leads: it learns of the removal from the cluster's tombstones.
      bAgain = TestNode.restart(b);
      bAgain.awaitStatus(a.apiUrl(), "GREEN");
      TestNode standby = bAgain;
      eventually(WAIT, () -> assertThat(standby.logLines("manager")).anySatisfy(line ->
          assertThat(line).contains("copied from the cluster map")));
      bAgain.close();
      a.close();

      // Alone, b leads from its own store only: the job stays removed.
      bAlone = TestNode.restart(b);
      bAlone.awaitGreen();
      assertThat(Http.get(bAlone.apiUrl() + "/v1/jobs/" + id).status()).isEqualTo(404);
      assertThat(Http.get(bAlone.apiUrl() + "/v1/jobs").json().getJsonArray("jobs")).isEmpty();
    } finally {
      for (TestNode node : new TestNode[] {bAlone, bAgain, b}) {
        if (node != null) {
          node.close();
        }
      }
      a.close();
    }
  }

  private static String state(TestNode node, String id) throws Exception {
    return Http.get(node.apiUrl() + "/v1/jobs/" + id).json().getJsonObject("job")
        .getString("state");
  }

  private static List<String> ids(JsonArray jobs) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      ids.add(jobs.getJsonObject(i).getString("id"));
    }
    return ids;
  }
}
