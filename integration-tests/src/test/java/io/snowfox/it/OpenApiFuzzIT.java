package io.snowfox.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation of a real node's API, fuzzed from its OpenAPI document
 * ({@link OpenApiFuzzer}) with a valid management token: no request gets a 5xx or no answer,
 * every 4xx is the API's error ({@code error}, {@code message}, {@code correlation_id}) with
 * the correlation id of its {@code X-Correlation-Id} header, and every status is one the
 * document gives the operation (or one it gives every request: 404, 405, 414, 431).
 *
 * <p>The requests are the same on every run; {@code -Dsnowfox.fuzz.seed=N} picks other mixed
 * ones.
 */
class OpenApiFuzzIT {

  /** The seed of the requests spoiled several ways at once. */
  private static final long SEED = Long.getLong("snowfox.fuzz.seed", 20_261_202L);
  private static final int MIXED_PER_OPERATION = 10;
  /** What any request may get, whatever its operation (the document's {@code info}). */
  private static final Set<Integer> ANY_REQUEST = Set.of(404, 405, 414, 431);
  private static final int ANSWER_MILLIS = 30_000;

  private static TestNode node;
  private static final Map<String, String> ids = new TreeMap<>();

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start("fuzz", List.of());
    node.awaitGreen();
    JobApi jobs = new JobApi(node.apiUrl());
    String correlationId = "fuzz-fixture-1";
    Http.Answer submitted = Http.post(node.apiUrl() + "/v1/jobs", JobApi.JSON,
        new JsonObject().put("name", "fixture").put("command", "/bin/echo")
            .put("args", List.of("fixture")).encode(), correlationId);
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    String job = submitted.json().getString("id");
    jobs.awaitState(job, "complete");
    Http.Answer token = Http.post(node.apiUrl() + "/v1/tokens", JobApi.JSON,
        new JsonObject().put("namespace", "fuzz").put("role", "read").encode());
    assertThat(token.status()).as(token.body()).isEqualTo(201);
    ids.put("jobs", job);
    ids.put("nodes", node.nodeId);
    ids.put("tokens", token.json().getString("id"));
    ids.put("traces", correlationId);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void fuzzedRequestsGetNo5xxAndEvery4xxIsAnErrorWithItsCorrelationId() throws Exception {
    Http.Answer served = Http.get(node.apiUrl() + "/v1/openapi.json");
    OpenApiDocument document = new OpenApiDocument(served.json());
    List<OpenApiFuzzer.Case> cases = new OpenApiFuzzer(document, ids, SEED, MIXED_PER_OPERATION)
        .cases();
    String token = node.token();

    List<String> broken = new ArrayList<>();
    List<String> undocumented = new ArrayList<>();
    Map<String, Integer> perOperation = new TreeMap<>();
    Map<Integer, Integer> statuses = new TreeMap<>();
    long started = System.nanoTime();
    for (OpenApiFuzzer.Case fuzz : cases) {
      perOperation.merge(fuzz.operation().id(), 1, Integer::sum);
      RawHttp.Answer answer;
      try {
        answer = RawHttp.exchange(node.httpPort, fuzz.request().encode(node.httpPort, token),
            ANSWER_MILLIS);
      } catch (IOException e) {
        broken.add(fuzz.request() + " -> no answer: " + e);
        continue;
      }
      statuses.merge(answer.status(), 1, Integer::sum);
      String problem = problem(answer);
      if (problem != null) {
        broken.add(fuzz.request() + " -> " + answer.status() + " " + problem + ": "
            + shorten(answer.body()));
      } else if (!fuzz.operation().statuses().contains(answer.status())
          && !ANY_REQUEST.contains(answer.status())) {
        undocumented.add(fuzz.request() + " -> " + answer.status() + " " + shorten(answer.body()));
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    System.out.printf("fuzzed %d requests over %d operations in %d ms (seed %d); statuses %s%n",
        cases.size(), perOperation.size(), took.toMillis(), SEED, statuses);

    assertThat(perOperation).as("requests per operation").hasSize(document.operations().size())
        .allSatisfy((operation, count) -> assertThat(count).isGreaterThan(20));
    assertThat(broken).as("%d of %d requests got a 5xx, no answer, or a bad error (seed %d)",
        broken.size(), cases.size(), SEED).isEmpty();
    assertThat(undocumented).as("answers with a status the document does not give (seed %d)",
        SEED).isEmpty();
  }

  /** What is wrong with an answer, or null. */
  private static String problem(RawHttp.Answer answer) {
    if (answer.status() >= 500) {
      return "a server error";
    }
    if (answer.status() < 400) {
      return null;
    }
    String correlationId = answer.header("X-Correlation-Id");
    if (correlationId == null || correlationId.isBlank()) {
      return "no X-Correlation-Id header";
    }
    String type = answer.header("Content-Type");
    if (type == null || !type.startsWith("application/json")) {
      return "an error of type " + type;
    }
    JsonObject error;
    try {
      error = new JsonObject(answer.body());
    } catch (DecodeException | ClassCastException e) {
      return "an error body that is no JSON object";
    }
    for (String field : List.of("error", "message", "correlation_id")) {
      if (!(error.getValue(field) instanceof String text) || text.isEmpty()) {
        return "an error without " + field;
      }
    }
    if (!correlationId.equals(error.getString("correlation_id"))) {
      return "an error whose correlation_id is not the header's " + correlationId;
    }
    return null;
  }

  private static String shorten(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }
}
