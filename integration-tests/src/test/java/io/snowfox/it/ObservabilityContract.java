package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Traces and events, whatever the number of nodes: subclasses choose it. The first node serves
 * the API; the others join it with {@code --no-api}. Jobs get one instance per node, so their
 * runs spread over every node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ObservabilityContract {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private final List<TestNode> nodes = new ArrayList<>();

  /** How many nodes the cluster has. */
  abstract int nodeCount();

  @BeforeAll
  void startCluster() throws Exception {
    String prefix = "obs" + nodeCount();
    TestNode first = TestNode.start(prefix + "a", List.of());
    nodes.add(first);
    first.awaitGreen();
    for (int i = 1; i < nodeCount(); i++) {
      TestNode other = TestNode.start(prefix + (char) ('a' + i),
          List.of("--seed", first.seed(), "--no-api"));
      nodes.add(other);
      other.awaitStatus(first.apiUrl(), "GREEN");
    }
  }

  @AfterAll
  void stopCluster() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  private String api() {
    return nodes.get(0).apiUrl();
  }

  private Set<String> nodeIds() {
    Set<String> ids = new HashSet<>();
    nodes.forEach(n -> ids.add(n.nodeId));
    return ids;
  }

  private JsonObject spec(String name, String script) {
    return new JsonObject().put("name", name).put("command", "/bin/sh")
        .put("args", new JsonArray().add("-c").add(script)).put("instances", nodeCount());
  }

  private String awaitComplete(String id) {
    eventually(WAIT, () -> assertThat(Http.get(api() + "/v1/jobs/" + id).json()
        .getJsonObject("job").getString("state")).isEqualTo("complete"));
    return id;
  }

  @Test
  void traceOfASubmissionHasEveryHopOnEveryNodeInTimeOrder() throws Exception {
    String correlationId = "it-" + UUID.randomUUID();
    Http.Answer submitted = Http.post(api() + "/v1/jobs", "application/json",
        spec("traced", "echo traced").encode(), correlationId);
    assertThat(submitted.status()).isEqualTo(201);
    assertThat(submitted.correlationId()).isEqualTo(correlationId);
    awaitComplete(submitted.json().getString("id"));

    JsonObject[] trace = new JsonObject[1];
    eventually(WAIT, () -> {
      Cli.Result result = Cli.run("trace", correlationId, "--json", "--api", api());
      assertThat(result.exitCode()).as(result.err()).isZero();
      trace[0] = new JsonObject(result.out());
      assertThat(spawnerNodes(trace[0])).isEqualTo(nodeIds());
    });

    JsonObject answer = trace[0];
    assertThat(answer.getString("correlation_id")).isEqualTo(correlationId);
    assertThat(answer.getBoolean("partial")).isFalse();
    assertThat(answer.getJsonArray("nodes").size()).isEqualTo(nodeCount());
    JsonArray entries = answer.getJsonArray("entries");
    Set<String> roles = new HashSet<>();
    java.time.Instant previous = java.time.Instant.EPOCH;
    Map<String, Integer> firstIndex = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      roles.add(entry.getString("role"));
      // As instants: the text drops trailing zeros (".186Z" is before ".186391Z").
      java.time.Instant time = java.time.Instant.parse(entry.getString("time"));
      assertThat(time).isAfterOrEqualTo(previous);
      previous = time;
      String message = entry.getString("message");
      firstIndex.putIfAbsent(message.startsWith("accepted job") ? "accepted"
          : message.startsWith("started run") ? "started"
          : message.contains("ended (exit code 0)") ? "ended" : message, i);
    }
    assertThat(roles).contains("api", "manager", "spawner");
    assertThat(firstIndex.get("accepted")).isLessThan(firstIndex.get("started"));
    assertThat(firstIndex.get("started")).isLessThan(firstIndex.get("ended"));
  }

  private static Set<String> spawnerNodes(JsonObject trace) {
    Set<String> found = new HashSet<>();
    JsonArray entries = trace.getJsonArray("entries");
    for (int i = 0; i < entries.size(); i++) {
      JsonObject entry = entries.getJsonObject(i);
      if ("spawner".equals(entry.getString("role"))
          && entry.getString("message").startsWith("started run")) {
        found.add(entry.getString("node"));
      }
    }
    return found;
  }

  @Test
  void spansOfAnAnswerAreConsistentWithWhatTheClientSaw() throws Exception {
    long start = System.nanoTime();
    Http.Answer answer = Http.post(api() + "/v1/jobs?trace=true", "application/json",
        spec("timed", "true").encode());
    long clientMicros = (System.nanoTime() - start) / 1_000;

    assertThat(answer.status()).isEqualTo(201);
    JsonArray spans = answer.json().getJsonObject("trace").getJsonArray("spans");
    JsonObject api = find(spans, "api POST /v1/jobs");
    JsonObject manager = find(spans, "SubmitJobRequest");
    assertThat(api.getString("role")).isEqualTo("api");
    assertThat(manager.getString("role")).isEqualTo("manager");
    assertThat(manager.getString("parent_span_id")).isEqualTo(api.getString("span_id"));
    assertThat(api.getLong("duration_us")).isPositive().isLessThanOrEqualTo(clientMicros);
    assertThat(manager.getLong("duration_us")).isPositive()
        .isLessThanOrEqualTo(api.getLong("duration_us"));
    awaitComplete(answer.json().getString("id"));
  }

  private static JsonObject find(JsonArray spans, String nameContains) {
    for (int i = 0; i < spans.size(); i++) {
      if (spans.getJsonObject(i).getString("name").contains(nameContains)) {
        return spans.getJsonObject(i);
      }
    }
    throw new AssertionError("no span named like '" + nameContains + "' in " + spans);
  }

  @Test
  void unknownCorrelationIdIsNotFoundAndABadOneIsRefused() throws Exception {
    Http.Answer unknown = Http.get(api() + "/v1/traces/" + UUID.randomUUID());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().getString("error")).isEqualTo("NOT_FOUND");
    assertThat(unknown.json().getString("correlation_id")).isEqualTo(unknown.correlationId());

    Http.Answer bad = Http.get(api() + "/v1/traces/not%20an%20id");
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void lifeOfAJobProducesItsEventsInOrder() throws Exception {
    try (EventStream stream = new EventStream(api() + "/v1/events")) {
      String id = Http.post(api() + "/v1/jobs", "application/json",
          spec("evented", "exit 0").encode()).json().getString("id");
      List<String> types = new ArrayList<>();
      while (true) {
        JsonObject event = stream.next(WAIT);
        if (!id.equals(event.getString("job_id"))) {
          continue;
        }
        assertThat(event.getString("correlation_id")).isNotBlank();
        String type = event.getString("type");
        types.add(type.equals("job.state")
            ? type + ":" + event.getJsonObject("data").getString("state") : type);
        if (types.get(types.size() - 1).equals("job.state:complete")) {
          break;
        }
      }
      assertThat(types.get(0)).isEqualTo("job.state:pending");
      assertThat(types).filteredOn("instance.started"::equals).hasSize(nodeCount());
      assertThat(types).filteredOn("instance.exited"::equals).hasSize(nodeCount());
      assertThat(types.indexOf("instance.started")).isLessThan(types.indexOf("instance.exited"));
      assertThat(types.lastIndexOf("instance.exited"))
          .isLessThan(types.indexOf("job.state:complete"));
    }
  }

  @Test
  void eventsAreFilteredByTypeAndJob() throws Exception {
    String id;
    try (EventStream states = new EventStream(api() + "/v1/events?type=job.state")) {
      id = Http.post(api() + "/v1/jobs", "application/json", spec("filtered", "true")
          .encode()).json().getString("id");
      for (int i = 0; i < 3; i++) {
        assertThat(states.next(WAIT).getString("type")).isEqualTo("job.state");
      }
    }
    awaitComplete(id);

    JsonArray recent = Http.get(api() + "/v1/events?follow=false&job=" + id).json()
        .getJsonArray("events");
    assertThat(recent.size()).isGreaterThanOrEqualTo(3 + 2 * nodeCount());
    for (int i = 0; i < recent.size(); i++) {
      assertThat(recent.getJsonObject(i).getString("job_id")).isEqualTo(id);
    }
    assertThat(Http.get(api() + "/v1/events?type=job.exploded").status()).isEqualTo(400);
  }

  @Test
  void aClientThatGoesAwayIsRemoved() throws Exception {
    TestNode apiNode = nodes.get(0);
    long before = closedLines(apiNode);
    EventStream stream = new EventStream(api() + "/v1/events");
    stream.close();
    // the server notices when it next writes: make something happen
    Http.post(api() + "/v1/jobs", "application/json", spec("poke", "true").encode());

    eventually(WAIT, () -> assertThat(closedLines(apiNode)).isGreaterThan(before));
  }

  private static long closedLines(TestNode node) throws Exception {
    return node.logLines("api").stream()
        .filter(line -> line.contains("event stream of") && line.contains("closed")).count();
  }
}
