package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node whose store holds a day of ended jobs at the default retention (100,000, what the
 * operations guide says fits) takes the lead and serves them, also when its manager is killed
 * and the next one reads them back from the cluster map. The whole history once went to the
 * daemon in one 72 MB packet, which its heap could not read: no manager could lead.
 */
class LongHistoryIT {

  private static final int JOBS = 100_000;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aNodeWithAHundredThousandEndedJobsLeadsAndServesThemAfterAManagerRestartToo()
      throws Exception {
    Path dataDir = TestNode.newDataDir("history");
    String last = SeededJobs.seed(dataDir, "history", JOBS);
    TestNode node = TestNode.startIn(dataDir, "history", List.of());
    try {
      node.awaitGreen();
      String url = node.apiUrl() + "/v1/jobs/" + last;
      eventually(WAIT, () -> assertThat(Http.get(url).json().getJsonObject("job")
          .getString("state")).isEqualTo("complete"));
      eventually(WAIT, () -> assertThat(node.logLines("manager")).anyMatch(line ->
          line.contains("loaded " + JOBS + " job(s): 0 from the cluster map, " + JOBS
              + " from the store")));
      listedAPageAtATime(node, last);

      long manager = TestNode.subsystem(node.info().getJsonObject("node"), "manager")
          .getLong("pid");
      TestNode.kill(manager, true);
      eventually(WAIT, () -> assertThat(node.logLines("manager")).anyMatch(line ->
          line.contains("loaded " + JOBS + " job(s): " + JOBS + " from the cluster map")));
      eventually(WAIT, () -> assertThat(Http.get(url).json().getJsonObject("job")
          .getString("state")).isEqualTo("complete"));

      assertThat(node.logLines("manager")).noneMatch(line -> line.contains("deposed")
          || line.contains("could not take the lead"));
      assertThat(Files.readString(dataDir.resolve("console.out")))
          .doesNotContain("OutOfMemoryError");
    } finally {
      node.close();
    }
  }

  /**
   * The list of every job was one answer, which the API server could not hold (500, out of
   * memory): it is a page of 1000 at most, with the cursor of the next, oldest or newest first.
   */
  private static void listedAPageAtATime(TestNode node, String last) throws Exception {
    Http.Answer first = Http.get(node.apiUrl() + "/v1/jobs");
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    JsonArray oldest = first.json().getJsonArray("jobs");
    assertThat(oldest).hasSize(1000);
    assertThat(oldest.getJsonObject(0).getString("id")).isEqualTo("ended-00000000");
    assertThat(oldest.getJsonObject(999).getString("id")).isEqualTo("ended-00000999");

    Http.Answer second = Http.get(node.apiUrl() + "/v1/jobs?limit=2&after="
        + first.json().getString("next"));
    assertThat(second.json().getJsonArray("jobs").stream()
        .map(job -> ((JsonObject) job).getString("id")))
        .containsExactly("ended-00001000", "ended-00001001");

    Http.Answer newest = Http.get(node.apiUrl() + "/v1/jobs?order=newest&limit=1");
    assertThat(newest.json().getJsonArray("jobs").getJsonObject(0).getString("id"))
        .isEqualTo(last);
    Http.Answer none = Http.get(node.apiUrl() + "/v1/jobs?state=running");
    assertThat(none.json().getJsonArray("jobs")).isEmpty();
    assertThat(none.json().containsKey("next")).isFalse();

    // The CLI (64 MB of heap) prints every job, a page at a time, in one aligned table.
    Cli.Result listed = Cli.run("job", "list", "--state", "complete", "--api", node.apiUrl());
    assertThat(listed.exitCode()).as(listed.err()).isZero();
    List<String> lines = listed.out().lines().toList();
    assertThat(lines).hasSize(JOBS + 1);
    assertThat(lines.get(0)).startsWith("ID ");
    assertThat(lines.get(1)).startsWith("ended-00000000 ");
    assertThat(lines.get(JOBS)).startsWith(last + " ");
    assertThat(lines.stream().map(line -> line.indexOf("complete")).distinct()).hasSize(2);
  }
}
