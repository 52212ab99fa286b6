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
