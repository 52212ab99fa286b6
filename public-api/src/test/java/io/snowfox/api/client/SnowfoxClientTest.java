package io.snowfox.api.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in API on the loopback interface. */
class SnowfoxClientTest {

  /** A request as the stand-in saw it. */
  private record Seen(String method, String uri, String contentType, String body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** The X-Correlation-Id of each request, in order ("" for none). */
  private final List<String> correlationIds = new CopyOnWriteArrayList<>();
  /** Statuses answered before {@link #status}, one per request: 503s a busy API gives. */
  private final java.util.Queue<Integer> busyFirst =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private HttpServer server;
  private SnowfoxClient client;

  /** What the stand-in answers next. */
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile List<String> chunks = List.of("{}");

  @BeforeEach
  void startStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
    client = new SnowfoxClient("http://127.0.0.1:" + server.getAddress().getPort(),
        Duration.ofSeconds(5));
  }

  @AfterEach
  void stopStandIn() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        exchange.getRequestHeaders().getFirst("Content-Type"),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    String sent = exchange.getRequestHeaders().getFirst(SnowfoxClient.CORRELATION_HEADER);
    correlationIds.add(sent == null ? "" : sent);
    exchange.getResponseHeaders().add("Content-Type", contentType);
    exchange.getResponseHeaders().add(SnowfoxClient.CORRELATION_HEADER, "c-header");
    Integer busy = busyFirst.poll();
    if (busy != null) {
      exchange.getResponseHeaders().add("Retry-After", "0");
      exchange.sendResponseHeaders(busy, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, 0);
    try (OutputStream body = exchange.getResponseBody()) {
      for (String chunk : chunks) {
        body.write(chunk.getBytes(StandardCharsets.UTF_8));
        body.flush();
      }
    }
  }

  private void answerWith(int status, String body) {
    this.status = status;
    this.chunks = List.of(body);
  }

  @Test
  void aSubmitAnswered503IsSentAgainWithTheSameCorrelationIdSoItMakesOneJob() {
    busyFirst.addAll(List.of(503, 503));
    answerWith(201, "{\"id\":\"hello-1\",\"correlation_id\":\"c-1\"}");

    JsonObject answer = client.submit("name: hello\n".getBytes(StandardCharsets.UTF_8),
        SnowfoxClient.YAML);

    assertThat(answer.getString("id")).isEqualTo("hello-1");
    assertThat(correlationIds).hasSize(3).doesNotContain("");
    assertThat(correlationIds.stream().distinct()).hasSize(1);
  }

  @Test
  void aSubmitStill503AfterEveryAttemptFailsWithTheApisError() {
    for (int i = 0; i < SnowfoxClient.SUBMIT_ATTEMPTS; i++) {
      busyFirst.add(503);
    }

    assertThatThrownBy(() -> client.submit("{}".getBytes(StandardCharsets.UTF_8),
        SnowfoxClient.JSON))
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).httpStatus()).isEqualTo(503));
    assertThat(correlationIds).hasSize(SnowfoxClient.SUBMIT_ATTEMPTS);
  }

  @Test
  void submitPostsTheSpecWithItsMediaType() {
    answerWith(201, "{\"id\":\"hello-1\",\"correlation_id\":\"c-1\"}");

    JsonObject answer = client.submit("name: hello\n".getBytes(StandardCharsets.UTF_8),
        SnowfoxClient.YAML);

    assertThat(answer.getString("id")).isEqualTo("hello-1");
    assertThat(answer.getString("correlation_id")).isEqualTo("c-1");
    assertThat(seen).containsExactly(
        new Seen("POST", "/v1/jobs", "application/yaml", "name: hello\n"));
  }

  @Test
  void refusedSpecCarriesEveryFieldProblem() {
    answerWith(400, "{\"error\":\"BAD_REQUEST\",\"message\":\"invalid job spec: command: "
        + "required\",\"fields\":[\"command: required\"],\"correlation_id\":\"c-2\"}");

    assertThatThrownBy(() -> client.submit(new byte[0], SnowfoxClient.JSON))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.code()).isEqualTo("BAD_REQUEST");
          assertThat(e.correlationId()).isEqualTo("c-2");
          assertThat(e.fields()).containsExactly("command: required");
        });
  }

  @Test
  void jobsAsksForOneStateOnlyWhenGivenOne() {
    answerWith(200, "{\"correlation_id\":\"c-3\",\"jobs\":[]}");

    client.jobs(null);
    JsonObject answer = client.jobs("running");

    assertThat(answer.getJsonArray("jobs")).isEmpty();
    assertThat(seen).extracting(Seen::uri).containsExactly("/v1/jobs", "/v1/jobs?state=running");
  }

  @Test
  void jobIsTheJobWithTheCorrelationIdAdded() {
    answerWith(200,
        "{\"correlation_id\":\"c-4\",\"job\":{\"id\":\"web-1\",\"state\":\"running\"}}");

    JsonObject job = client.job("web-1");

    assertThat(job).isEqualTo(new JsonObject().put("id", "web-1").put("state", "running")
        .put("correlation_id", "c-4"));
    assertThat(seen).extracting(Seen::method, Seen::uri)
        .containsExactly(tuple("GET", "/v1/jobs/web-1"));
  }

  @Test
  void stopDeletesTheJob() {
    answerWith(202, "{\"correlation_id\":\"c-5\",\"job\":{\"id\":\"web-1\"}}");

    JsonObject job = client.stop("web-1");

    assertThat(job.getString("correlation_id")).isEqualTo("c-5");
    assertThat(seen).extracting(Seen::method).containsExactly("DELETE");
  }

  @Test
  void drainPostsAndUndrainDeletesTheNodesDrain() {
    answerWith(200, "{\"correlation_id\":\"c-7\",\"allocation\":{\"node_id\":\"n 1\","
        + "\"capacity\":{\"cpu\":2,\"memory_mb\":4096},\"allocated\":{\"cpu\":0.5,"
        + "\"memory_mb\":128},\"instances\":1,\"draining\":true,\"schedulable\":true}}");

    DrainAnswer drained = client.drain("n 1");
    client.undrain("n 1");

    assertThat(drained).isEqualTo(new DrainAnswer("c-7", new AllocationView("n 1",
        new ResourcesView(2, 4096), new ResourcesView(0.5, 128), 1, true, true)));
    assertThat(seen).extracting(Seen::method, Seen::uri).containsExactly(
        tuple("POST", "/v1/nodes/n%201/drain"), tuple("DELETE", "/v1/nodes/n%201/drain"));
  }

  @Test
  void unknownJobIsNotFoundWithTheCorrelationId() {
    answerWith(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no job 'x'\","
        + "\"correlation_id\":\"c-6\"}");

    assertThatThrownBy(() -> client.job("x"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo("NOT_FOUND");
          assertThat(e.getMessage()).isEqualTo("no job 'x'");
          assertThat(e.correlationId()).isEqualTo("c-6");
          assertThat(e.fields()).isEmpty();
        });
  }

  @Test
  void errorWithoutJsonStillSaysWhatTheStatusWas() {
    contentType = "text/html";
    answerWith(502, "<html>bad gateway</html>");

    assertThatThrownBy(() -> client.jobs(null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(502);
          assertThat(e.code()).isEqualTo("HTTP_502");
          assertThat(e.getMessage()).contains("HTTP 502");
          assertThat(e.correlationId()).isEqualTo("c-header");
        });
  }

  @Test
  void successWithoutJsonIsABadResponse() {
    answerWith(200, "not json");

    assertThatThrownBy(() -> client.jobs(null))
        .isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.code()).isEqualTo("BAD_RESPONSE"));
  }

  @Test
  void logsCopyEveryChunkToTheSink() {
    contentType = "text/plain; charset=utf-8";
    chunks = List.of("line 1\n", "line 2\n", "line 3\n");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    client.logs("web-1", "stderr", 2, 10, true, sink);

    assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("line 1\nline 2\nline 3\n");
    assertThat(seen).extracting(Seen::uri)
        .containsExactly("/v1/jobs/web-1/logs?stream=stderr&instance=2&tail=10&follow=true");
  }

  @Test
  void logsOfAMissingInstanceFailWithTheApiError() {
    answerWith(404, "{\"error\":\"NOT_FOUND\",\"message\":\"job web-1 has no instance 4 (it has "
        + "1)\",\"correlation_id\":\"c-7\"}");
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    assertThatThrownBy(() -> client.logs("web-1", "stdout", 4, 0, false, sink))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.getMessage()).contains("has no instance 4");
        });
    assertThat(sink.size()).isZero();
  }

  @Test
  void unreachableApiHasNoStatus() {
    server.stop(0);

    assertThatThrownBy(() -> client.jobs(null))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isZero();
          assertThat(e.code()).isEqualTo("UNREACHABLE");
        });
  }
}
