package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.runtime.metrics.PrometheusText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} on a real node: one scrape of its API has every process's series, each
 * with its node and role, in a text a strict reader of the format accepts, and the job
 * counters move when a job runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final List<String> ROLES = List.of("daemon", "spawner", "manager", "api");

  private TestNode node;
  private JobApi jobs;

  @BeforeAll
  void startNode() throws Exception {
    node = TestNode.start("metrics1", List.of());
    node.awaitGreen();
    jobs = new JobApi(node.apiUrl());
  }

  @AfterAll
  void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private PrometheusText scrape() throws Exception {
    Http.Answer answer = Http.get(node.apiUrl() + "/metrics");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    return PrometheusText.parse(answer.body());
  }

  private Map<String, String> at(String role) {
    return Map.of("node", node.nodeId, "role", role);
  }

  @Test
  void everyProcessOfTheNodeAnswersWithItsJvmSeriesLabelledWithItsNodeAndRole()
      throws Exception {
    PrometheusText[] scraped = new PrometheusText[1];
    // The daemon's children join a moment after the node turns GREEN to the API's eyes.
    eventually(WAIT, () -> {
      scraped[0] = scrape();
      for (String role : ROLES) {
        assertThat(scraped[0].sum("snowfox_process_up", at(role))).as(role).isEqualTo(1.0);
      }
    });
    PrometheusText metrics = scraped[0];

    for (String role : ROLES) {
      assertThat(metrics.samples("jvm_memory_used_bytes", at(role))).as(role).isNotEmpty();
      assertThat(metrics.samples("jvm_threads_live_threads", at(role))).as(role).hasSize(1);
      assertThat(metrics.samples("process_uptime_seconds", at(role))).as(role).hasSize(1);
    }
    assertThat(metrics.sum("snowfox_cluster_members", at("daemon"))).isEqualTo(4.0);
    for (String child : List.of("spawner", "manager", "api")) {
      Map<String, String> labels = Map.of("node", node.nodeId, "role", "daemon", "child", child);
      assertThat(metrics.samples("snowfox_child_restarts_total", labels)).as(child).hasSize(1);
      assertThat(metrics.sum("snowfox_child_running", labels)).as(child).isEqualTo(1.0);
    }
    assertThat(metrics.sum("snowfox_manager_leading", at("manager"))).isEqualTo(1.0);
    // The daemon's health checks of its children, as the daemon sent them and each child
    // answered them.
    assertThat(metrics.sum("snowfox_bus_requests_seconds_count", Map.of("role", "daemon",
        "type", "HealthRequest", "status", "OK",
        "address", "snowfox.v1.node." + node.nodeId + ".spawner"))).isPositive();
    assertThat(metrics.sum("snowfox_bus_handled_seconds_count", Map.of("role", "spawner",
        "type", "HealthRequest", "status", "OK"))).isPositive();
    // Vert.x reports into the same registry: the API's HTTP requests (earlier scrapes).
    eventually(WAIT, () -> assertThat(scrape().sum("vertx_http_server_requests_total",
        Map.of("node", node.nodeId, "role", "api", "method", "GET", "code", "200")))
        .isPositive());
    // Every series the API gathered names a node and a role.
    metrics.families().values().forEach(family -> assertThat(family.samples())
        .as(family.name()).allSatisfy(sample -> assertThat(sample.labels())
            .containsKeys("node", "role")));
  }

  @Test
  void theJobCountersMoveWhenAJobRuns() throws Exception {
    eventually(WAIT, () -> assertThat(scrape().sum("snowfox_manager_leading", at("manager")))
        .isEqualTo(1.0));
    PrometheusText before = scrape();
    double starts = before.sum("snowfox_instance_starts_total", at("manager"));
    double exited = before.sum("snowfox_instance_exits_total", Map.of("how", "exited"));
    double complete = before.sum("snowfox_jobs", Map.of("state", "complete"));
    double latencies = before.sum("snowfox_instance_start_latency_seconds_count", Map.of());
    double startsSent = before.sum("snowfox_bus_requests_seconds_count", Map.of(
        "role", "manager", "type", "StartProcess", "status", "OK"));

    String id = jobs.submit(new JsonObject().put("name", "counted").put("command", "/bin/sh")
        .put("args", new JsonArray().add("-c").add("echo counted")).put("instances", 2));
    jobs.awaitState(id, "complete");

    eventually(WAIT, () -> {
      PrometheusText after = scrape();
      keepSample();
      assertThat(after.sum("snowfox_instance_starts_total", at("manager")))
          .isEqualTo(starts + 2);
      assertThat(after.sum("snowfox_instance_exits_total", Map.of("how", "exited")))
          .isEqualTo(exited + 2);
      assertThat(after.sum("snowfox_jobs", Map.of("state", "complete")))
          .isEqualTo(complete + 1);
      assertThat(after.sum("snowfox_instance_start_latency_seconds_count", Map.of()))
          .isEqualTo(latencies + 2);
      assertThat(after.sum("snowfox_bus_requests_seconds_count", Map.of("role", "manager",
          "type", "StartProcess", "status", "OK"))).isEqualTo(startsSent + 2);
      assertThat(after.sum("snowfox_instances", Map.of("state", "exited")))
          .isGreaterThanOrEqualTo(2);
    });
  }

  /** Keeps the last scrape in the test dir, for a reader to look at (and promtool to check). */
  private void keepSample() throws Exception {
    String dir = System.getProperty("snowfox.test.dir");
    if (dir != null) {
      java.nio.file.Files.writeString(java.nio.file.Path.of(dir, "metrics-sample.txt"),
          Http.get(node.apiUrl() + "/metrics").body());
    }
  }

  @Test
  void theMetricsNeedAToken() throws Exception {
    Http.Answer anonymous = Http.raw(HttpRequest.newBuilder(
        URI.create(node.apiUrl() + "/metrics")).GET());

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain("snowfox_");
  }
}
