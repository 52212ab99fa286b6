package io.snowfox.it;

import static io.snowfox.it.JobsIT.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Root jobs in a cluster whose nodes disagree: {@code open} (started first, so its manager leads
 * and takes submissions) allows them, {@code closed} does not. The leading manager's option
 * decides the 403 at submission; each node's spawner decides what runs on it.
 */
class RootJobsIT {

  private static TestNode open;
  private static TestNode closed;
  private JobApi api;

  @BeforeAll
  static void startNodes() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "root jobs need a root node");
    open = TestNode.start("open", List.of("--allow-root-jobs", "--label", "zone=open"));
    open.awaitGreen();
    closed = TestNode.start("closed", List.of("--seed", open.seed(), "--no-api",
        "--label", "zone=closed"));
    closed.awaitStatus(open.apiUrl(), "GREEN");
  }

  @AfterAll
  static void stopNodes() throws Exception {
    try {
      if (closed != null) {
        closed.close();
      }
    } finally {
      if (open != null) {
        open.close();
      }
    }
  }

  @BeforeEach
  void newApi() {
    api = new JobApi(open.apiUrl());
  }

  @AfterEach
  void stopJobs() throws Exception {
    api.stopAll();
  }

  private static JsonObject on(String zone, JsonObject spec) {
    return spec.put("constraints", new JsonObject().put("labels",
        new JsonObject().put("zone", zone)));
  }

  @Test
  void aNodeStartedWithAllowRootJobsRunsThemAsUidZero() throws Exception {
    String byName = api.submit(on("open", id("root-by-name", "root", "-u")));
    String byNumber = api.submit(on("open", id("root-by-number", "0", "-u")));

    api.awaitState(byName, "complete");
    api.awaitState(byNumber, "complete");

    assertThat(api.logs(byName, "")).isEqualTo("0\n");
    assertThat(api.logs(byNumber, "")).isEqualTo("0\n");
  }

  @Test
  void aSpawnerThatDoesNotAllowRootJobsRefusesThemAndTheInstanceFailsWithoutRestarts()
      throws Exception {
    String id = api.submit(on("closed", id("root-elsewhere", "root", "-u"))
        .put("restart", new JsonObject().put("policy", "always")));

    JsonObject job = api.awaitState(id, "failed");

    JsonObject instance = job.getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getString("state")).isEqualTo("failed");
    assertThat(instance.getString("node")).isEqualTo("closed");
    assertThat(instance.getInteger("restarts", 0)).isZero();
    assertThat(instance.getString("last_error")).contains("--allow-root-jobs");
  }
}
