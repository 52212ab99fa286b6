package io.snowfox.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /v1/jobs} calls the job benchmarks make, and the {@code /v1/nodes} look of the
 * cluster ones, as any HTTP client would make them.
 */
final class JobsApi {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** The API's correlation header (SnowfoxClient's, which the bench does not depend on). */
  static final String CORRELATION_HEADER = "X-Correlation-Id";

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2))
      .build();

  private final String token;
  private final Duration timeout;

  /** Calls the API at {@code base} with the management token of the node whose data is there. */
  JobsApi(URI base, java.nio.file.Path dataDir) throws IOException {
    this(base, dataDir, REQUEST_TIMEOUT);
  }

  /** As the constructor above, giving up each request after {@code timeout}. */
  JobsApi(URI base, java.nio.file.Path dataDir, Duration timeout) throws IOException {
    this.base = base;
    this.timeout = timeout;
    this.token = io.snowfox.runtime.security.ManagementToken.read(dataDir)
        .orElseThrow(() -> new IOException("no management token in " + dataDir));
  }

  /** A spec: {@code {"name", "command", "args"}}, every other field left to its default. */
  static JsonObject spec(String name, String command, String... args) {
    return new JsonObject().put("name", name).put("command", command)
        .put("args", new JsonArray(List.of((Object[]) args)));
  }

  /** {@code POST /v1/jobs}; the new job's id. */
  String submit(JsonObject spec) throws IOException, InterruptedException {
    HttpResponse<String> answer = expect(post(spec, null), 201);
    return new JsonObject(answer.body()).getString("id");
  }

  /**
   * {@code POST /v1/jobs} with {@code correlationId} in {@code X-Correlation-Id} when not null
   * (the API and the manager then know a re-sent submit as the same one); the answer, whatever
   * its status.
   */
  HttpResponse<String> post(JsonObject spec, String correlationId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/jobs"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(spec.encode()));
    if (correlationId != null) {
      request.header(CORRELATION_HEADER, correlationId);
    }
    return authorized(request);
  }

  /** {@code GET /v1/jobs/{id}}: the job view. */
  JsonObject job(String id) throws IOException, InterruptedException {
    return new JsonObject(send(HttpRequest.newBuilder(base.resolve("/v1/jobs/" + id)).GET(), 200)
        .body()).getJsonObject("job");
  }

  /** {@code GET /v1/nodes}: every node the cluster knows, as this node's API sees them. */
  List<JsonObject> nodes() throws IOException, InterruptedException {
    return objects(base.resolve("/v1/nodes"), "nodes");
  }

  /**
   * {@code GET /v1/events?follow=false&<query>}: the recent events the API server kept, such as
   * {@code type=node.left} or {@code job=ID&type=instance.lost,instance.started}.
   */
  List<JsonObject> recentEvents(String query) throws IOException, InterruptedException {
    return objects(base.resolve("/v1/events?follow=false&" + query), "events");
  }

  /** {@code DELETE /v1/jobs/{id}}. */
  void stop(String id) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(base.resolve("/v1/jobs/" + id)).DELETE(), 202);
  }

  /** {@code GET /v1/jobs?state=...}: the jobs in that state; every job when state is null. */
  List<JsonObject> jobs(String state) throws IOException, InterruptedException {
    return objects(base.resolve(state == null ? "/v1/jobs" : "/v1/jobs?state=" + state), "jobs");
  }

  /** The ids of the jobs in that state. */
  Set<String> ids(String state) throws IOException, InterruptedException {
    Set<String> ids = new HashSet<>();
    jobs(state).forEach(job -> ids.add(job.getString("id")));
    return ids;
  }

  /** The ids of the jobs pending or running. */
  Set<String> activeIds() throws IOException, InterruptedException {
    // Pending first: a job may go on to running between the two looks, never back.
    Set<String> active = ids("pending");
    active.addAll(ids("running"));
    return active;
  }

  /**
   * Jobs of {@code spec} as the units of a closed loop: a unit begins with its POST and has
   * ended once the job is neither pending nor running; it succeeded unless it failed.
   * {@code submitted} collects the id of every job submitted.
   */
  ClosedLoop.Polled units(JsonObject spec, Set<String> submitted) {
    return new ClosedLoop.Polled() {
      @Override
      public String begin(int client) throws Exception {
        String id = submit(spec);
        submitted.add(id);
        return id;
      }

      @Override
      public Map<String, Boolean> ended(Set<String> keys) throws Exception {
        Set<String> active = activeIds();
        Map<String, Boolean> ended = new HashMap<>();
        keys.stream().filter(k -> !active.contains(k)).forEach(k -> ended.put(k, true));
        if (!ended.isEmpty()) {
          // An ended job no longer changes state: the failed list tells them apart.
          Set<String> failed = ids("failed");
          ended.replaceAll((k, ok) -> !failed.contains(k));
        }
        return ended;
      }
    };
  }

  /** The state of a job's first instance. */
  static String instanceState(JsonObject job) {
    JsonArray instances = job.getJsonArray("instances", new JsonArray());
    return instances.isEmpty() ? "" : instances.getJsonObject(0).getString("state", "");
  }

  /** The objects of the array {@code field} of a GET's answer. */
  private List<JsonObject> objects(URI uri, String field)
      throws IOException, InterruptedException {
    return objects(new JsonObject(send(HttpRequest.newBuilder(uri).GET(), 200).body())
        .getJsonArray(field));
  }

  /** The objects of a JSON array; none when it is null. */
  static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> list = new ArrayList<>();
    for (int i = 0; array != null && i < array.size(); i++) {
      list.add(array.getJsonObject(i));
    }
    return list;
  }

  private HttpResponse<String> send(HttpRequest.Builder request, int expected)
      throws IOException, InterruptedException {
    return expect(authorized(request), expected);
  }

  private HttpResponse<String> authorized(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(request.timeout(timeout)
            .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> expect(HttpResponse<String> answer, int expected)
      throws IOException {
    if (answer.statusCode() != expected) {
      throw new IOException(answer.request().method() + " " + answer.request().uri().getPath()
          + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return answer;
  }
}
