package io.snowfox.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.api.ApiOptions;
import io.snowfox.api.observe.MetricsEndpoint;
import io.snowfox.runtime.metrics.PrometheusText;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.api.auth.TokenDirectory;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.security.ApiTokens;
import io.snowfox.runtime.security.Namespaces;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.provider.ValueSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The routing and error shapes of the API; routes that need a cluster are covered by the ITs. */
class ApiRouterTest {

  private static final String HEADER = CorrelationHandler.HEADER;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private static final ApiTokens.Issued MANAGEMENT = ApiTokens.issue(Namespaces.ALL,
      TokenRole.TOKEN_ROLE_MANAGEMENT, "test", 1);
  private static final ApiTokens.Issued TEAM_A_READ = ApiTokens.issue("team-a",
      TokenRole.TOKEN_ROLE_READ, "test", 1);
  private static final ApiTokens.Issued REVOKED = ApiTokens.issue("team-a",
      TokenRole.TOKEN_ROLE_SUBMIT, "test", 1);
  private static final ApiTokens.Issued TEAM_A_SUBMIT = ApiTokens.issue("team-a",
      TokenRole.TOKEN_ROLE_SUBMIT, "test", 1);
  private static final ApiTokens.Issued TEAM_A_OPERATE = ApiTokens.issue("team-a",
      TokenRole.TOKEN_ROLE_OPERATE, "test", 1);

  private Vertx vertx;
  private URI base;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    vertx = LocalApi.vertx();
    RoleContext context = LocalApi.context(vertx);
    HttpServer server = await(vertx.createHttpServer()
        .requestHandler(ApiRouter.create(context, TokenDirectory.of(List.of(
            MANAGEMENT.record(), TEAM_A_READ.record(), TEAM_A_SUBMIT.record(),
            TEAM_A_OPERATE.record(),
            REVOKED.record().toBuilder().setRevoked(true).build()))))
        .invalidRequestHandler(new InvalidRequests())
        .listen(0, "127.0.0.1"));
    port = server.actualPort();
    base = URI.create("http://127.0.0.1:" + port);
  }

  @AfterEach
  void closeVertx() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> send(String method, String path, String correlationId)
      throws Exception {
    return send(method, path, correlationId, MANAGEMENT.token(), null, Map.of());
  }

  private HttpResponse<String> send(String method, String path, String correlationId,
      String token, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (correlationId != null) {
      request.header(HEADER, correlationId);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The status line of a request written by hand: java.net.http will not send a foreign Host. */
  private String statusWithHost(String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /v1/nope HTTP/1.1\r\nHost: " + host
          + "\r\nAuthorization: Bearer " + MANAGEMENT.token()
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return reply.substring(0, reply.indexOf("\r\n"));
    }
  }

  @Test
  void aRequestWithoutATokenIsUnauthorized() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/jobs", null, null, null, Map.of());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue(
        "Bearer realm=\"snowfox\"");
    JsonObject body = body(response);
    assertThat(body.getString("error")).isEqualTo("UNAUTHORIZED");
    assertThat(body.getString("message")).contains("management.token");
    assertThat(correlationHeader(response)).isEqualTo(body.getString("correlation_id"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"nonsense", "sfx_0123456789abcdef_00", "Bearer sfx_x"})
  void aMalformedOrUnknownTokenIsUnauthorized(String token) throws Exception {
    assertThat(send("GET", "/v1/nodes", null, token, null, Map.of()).statusCode())
        .isEqualTo(401);
    String unknown = ApiTokens.issue("team-a", TokenRole.TOKEN_ROLE_READ, "", 1).token();
    assertThat(send("GET", "/v1/nodes", null, unknown, null, Map.of()).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aRevokedTokenIsUnauthorized() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/nope", null, REVOKED.token(), null,
        Map.of());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(body(response).getString("message")).contains("revoked");
  }

  @Test
  void aTokenCannotActBeyondItsRole() throws Exception {
    HttpResponse<String> submit = send("POST", "/v1/jobs", null, TEAM_A_READ.token(),
        "{\"name\":\"x\",\"command\":\"/bin/true\"}", Map.of("Content-Type", "application/json"));
    HttpResponse<String> tokens = send("GET", "/v1/tokens", null, TEAM_A_READ.token(), null,
        Map.of());

    assertThat(submit.statusCode()).isEqualTo(403);
    assertThat(body(submit).getString("message")).isEqualTo(
        "a read token may not POST /v1/jobs (needs submit)");
    assertThat(tokens.statusCode()).isEqualTo(403);
    assertThat(body(tokens).getString("error")).isEqualTo("FORBIDDEN");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "DELETE"})
  void aDrainWithoutATokenIsUnauthorized(String method) throws Exception {
    HttpResponse<String> response = send(method, "/v1/nodes/n1/drain", null, null, null,
        Map.of());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(body(response).getString("error")).isEqualTo("UNAUTHORIZED");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "DELETE"})
  void aDrainNeedsTheOperateRole(String method) throws Exception {
    java.util.concurrent.atomic.AtomicInteger asked =
        new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().consumer(io.snowfox.protocol.Addresses.JOBS,
        message -> asked.incrementAndGet());

    HttpResponse<String> read = send(method, "/v1/nodes/n1/drain", null, TEAM_A_READ.token(),
        null, Map.of());
    HttpResponse<String> submit = send(method, "/v1/nodes/n1/drain", null,
        TEAM_A_SUBMIT.token(), null, Map.of());

    assertThat(read.statusCode()).isEqualTo(403);
    assertThat(body(read).getString("message")).isEqualTo(
        "a read token may not " + method + " /v1/nodes/n1/drain (needs operate)");
    assertThat(submit.statusCode()).isEqualTo(403);
    assertThat(body(submit).getString("error")).isEqualTo("FORBIDDEN");
    assertThat(correlationHeader(submit)).isEqualTo(body(submit).getString("correlation_id"));
    assertThat(asked.get()).as("requests that reached the manager").isZero();
  }

  @Test
  void anOperateTokenMayDrainAndWithoutAManagerIsToldToComeBackLater() throws Exception {
    HttpResponse<String> response = send("POST", "/v1/nodes/n1/drain", null,
        TEAM_A_OPERATE.token(), null, Map.of());

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(body(response).getString("error")).isEqualTo("UNAVAILABLE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"POST", "DELETE"})
  void aDrainOfAnInvalidNodeIdIsABadRequestNamingTheRule(String method) throws Exception {
    HttpResponse<String> response = send(method, "/v1/nodes/bad..id/drain", "cli-drain-1",
        TEAM_A_OPERATE.token(), null, Map.of());

    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject body = body(response);
    assertThat(body.getString("error")).isEqualTo("BAD_REQUEST");
    assertThat(body.getString("message")).isEqualTo("invalid node id 'bad..id': use 1-63 "
        + "letters, digits, '-' or '_', starting with a letter or digit");
    assertThat(body.getString("correlation_id")).isEqualTo("cli-drain-1");
  }

  @Test
  void aBodyWithoutAJsonOrYamlTypeIsUnsupported() throws Exception {
    HttpResponse<String> plain = send("POST", "/v1/jobs", null, MANAGEMENT.token(),
        "{\"name\":\"x\",\"command\":\"/usr/bin/id\"}", Map.of("Content-Type", "text/plain"));
    HttpResponse<String> none = send("POST", "/v1/jobs", null, MANAGEMENT.token(),
        "{\"name\":\"x\",\"command\":\"/usr/bin/id\"}", Map.of());

    assertThat(plain.statusCode()).isEqualTo(415);
    assertThat(body(plain).getString("error")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    assertThat(none.statusCode()).isEqualTo(415);
  }

  @Test
  void aForeignOriginIsForbiddenAndTheApisOwnIsNot() throws Exception {
    HttpResponse<String> foreign = send("GET", "/v1/nope", null, MANAGEMENT.token(), null,
        Map.of("Origin", "http://evil.example"));
    HttpResponse<String> own = send("GET", "/v1/nope", null, MANAGEMENT.token(), null,
        Map.of("Origin", "http://127.0.0.1:" + port));

    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(body(foreign).getString("message")).contains("http://evil.example");
    assertThat(own.statusCode()).isEqualTo(404);
  }

  @Test
  void aTokenWithTooManyStreamsOpenIsToldToComeBackLater() throws Exception {
    List<java.util.concurrent.CompletableFuture<HttpResponse<java.io.InputStream>>> open =
        new java.util.ArrayList<>();
    for (int i = 0; i < io.snowfox.api.auth.RequestLimits.Kind.STREAM.concurrent(); i++) {
      open.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/events"))
              .header("Authorization", "Bearer " + TEAM_A_READ.token()).build(),
          HttpResponse.BodyHandlers.ofInputStream()));
    }
    for (var stream : open) {
      assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> refused = send("GET", "/v1/events", null, TEAM_A_READ.token(), null,
        Map.of());
    HttpResponse<String> otherToken = send("GET", "/v1/events?follow=false", null,
        MANAGEMENT.token(), null, Map.of());

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(body(refused).getString("error")).isEqualTo("TOO_MANY_REQUESTS");
    assertThat(otherToken.statusCode()).isEqualTo(200);
    for (var stream : open) {
      stream.get().body().close();
    }
  }

  private static final String SPEC = "{\"name\":\"x\",\"command\":\"/bin/true\"}";

  private HttpResponse<String> submit(URI api, String correlationId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve("/v1/jobs"))
        .timeout(Duration.ofSeconds(20))
        .header("Authorization", "Bearer " + MANAGEMENT.token())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(SPEC));
    if (correlationId != null) {
      request.header(HEADER, correlationId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aSubmitWithNoManagerIsUnavailableWithRetryAfter() throws Exception {
    HttpResponse<String> response = submit(base, null);

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    JsonObject body = body(response);
    assertThat(body.getString("error")).isEqualTo("UNAVAILABLE");
    assertThat(correlationHeader(response)).isEqualTo(body.getString("correlation_id"));
  }

  @Test
  void aTokenRequestWithNoManagerIsUnavailableWithRetryAfter() throws Exception {
    HttpResponse<String> response = send("POST", "/v1/tokens", null, MANAGEMENT.token(),
        "{\"namespace\":\"team-a\",\"role\":\"read\"}",
        Map.of("Content-Type", "application/json"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(body(response).getString("error")).isEqualTo("UNAVAILABLE");
  }

  @Test
  void aTokenListAskedWithARevokedFlagThatIsNeitherTrueNorFalseIsABadRequest()
      throws Exception {
    HttpResponse<String> response = send("GET", "/v1/tokens?revoked=maybe", null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response).getString("message")).isEqualTo("revoked: must be true or false");
  }

  @Test
  void aJobListAskedWithALimitThatIsNotAPositiveWholeNumberAnEmptyCursorOrAnUnknownOrderIsABadRequest()
      throws Exception {
    Map<String, String> expected = Map.of(
        "/v1/jobs?limit=0", "limit: must be a whole number of at least 1",
        "/v1/jobs?limit=-3", "limit: must be a whole number of at least 1",
        "/v1/jobs?limit=ten", "limit: must be a whole number of at least 1",
        "/v1/jobs?after=", "after: must be the \"next\" of an earlier answer",
        "/v1/jobs?order=up", "order: must be oldest or newest");
    for (Map.Entry<String, String> request : expected.entrySet()) {
      HttpResponse<String> response = send("GET", request.getKey(), "c-list");

      assertThat(response.statusCode()).as(request.getKey()).isEqualTo(400);
      assertThat(body(response).getString("message")).as(request.getKey())
          .isEqualTo(request.getValue());
      assertThat(body(response).getString("correlation_id")).isEqualTo("c-list");
    }
  }

  @Test
  void aTooLargeBodyIsRefusedWithTheLimitOfItsOwnRoute() throws Exception {
    HttpResponse<String> token = send("POST", "/v1/tokens", null, MANAGEMENT.token(),
        "{\"description\":\"" + "x".repeat(5000) + "\"}",
        Map.of("Content-Type", "application/json"));

    assertThat(token.statusCode()).isEqualTo(413);
    assertThat(body(token).getString("message"))
        .isEqualTo("the body is larger than 4096 bytes");
  }

  @Test
  void submitsBeyondTheBoundAreRefusedAtOnceAndThoseTheManagerLeftUnansweredMayBeSentAgain()
      throws Exception {
    ApiOptions options = new ApiOptions();
    new picocli.CommandLine(options).parseArgs("--max-submits-in-flight", "2");
    java.util.concurrent.atomic.AtomicInteger received =
        new java.util.concurrent.atomic.AtomicInteger();
    // A manager that takes every submit and never answers: the API's deadline runs out.
    vertx.eventBus().consumer(io.snowfox.protocol.Addresses.JOBS,
        message -> received.incrementAndGet());
    RoleContext context = LocalApi.context(vertx);
    HttpServer server = await(vertx.createHttpServer()
        .requestHandler(ApiRouter.create(context, new io.snowfox.api.observe.EventHub(context),
            TokenDirectory.of(List.of(MANAGEMENT.record())), options))
        .listen(0, "127.0.0.1"));
    URI api = URI.create("http://127.0.0.1:" + server.actualPort());
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> waiting =
        new java.util.ArrayList<>();
    for (String id : List.of("burst-1", "burst-2")) {
      waiting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return submit(api, id);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (received.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    long sent = System.nanoTime();
    HttpResponse<String> refused = submit(api, null);
    Duration refusedIn = Duration.ofNanos(System.nanoTime() - sent);

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refusedIn).isLessThan(Duration.ofSeconds(2));
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(body(refused).getString("message")).contains("2 submits waiting");
    assertThat(received.get()).isEqualTo(2);
    for (var submit : waiting) {
      HttpResponse<String> timedOut = submit.get(20, TimeUnit.SECONDS);
      assertThat(timedOut.statusCode()).isEqualTo(503);
      assertThat(timedOut.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(body(timedOut).getString("message"))
          .contains(HEADER + ": " + correlationHeader(timedOut));
    }
    assertThat(submit(api, null).statusCode()).isEqualTo(503);
    assertThat(received.get()).isEqualTo(3);
  }

  /** The whole answer to bytes written by hand. */
  private String rawExchange(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRequestTheDecoderCannotReadGetsTheApisErrorShape() throws Exception {
    String malformed = rawExchange("GET /v1/nodes HTTP/1.1 extra\r\nHost: 127.0.0.1\r\n\r\n");
    String longLine = rawExchange("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1"
        + "\r\n\r\n");

    // The version could not be read: the answer may say HTTP/1.0.
    assertThat(malformed.substring(0, malformed.indexOf("\r\n")))
        .matches("HTTP/1\\.[01] 400 .*");
    assertThat(longLine.substring(0, longLine.indexOf("\r\n")))
        .matches("HTTP/1\\.[01] 414 .*");
    for (String answer : List.of(malformed, longLine)) {
      JsonObject body = new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(Correlation.isValid(body.getString("correlation_id"))).isTrue();
      assertThat(answer).contains(HEADER + ": " + body.getString("correlation_id"));
      assertThat(body.getString("message")).isNotBlank();
    }
  }

  @Test
  void aForeignHostNameIsForbidden() throws Exception {
    assertThat(statusWithHost("evil.example:" + port)).contains(" 403 ");
    assertThat(statusWithHost("localhost:" + port)).contains(" 404 ");
    assertThat(statusWithHost("127.0.0.1:" + port)).contains(" 404 ");
  }

  private static JsonObject body(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return new JsonObject(response.body());
  }

  private static String correlationHeader(HttpResponse<String> response) {
    return response.headers().firstValue(HEADER).orElseThrow();
  }

  @Test
  void unknownResourceIsANotFoundWithTheCorrelationId() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/nope", null);

    assertThat(response.statusCode()).isEqualTo(404);
    JsonObject body = body(response);
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("error", "message", "correlation_id");
    assertThat(body.getString("error")).isEqualTo("NOT_FOUND");
    assertThat(body.getString("message")).isEqualTo("no such resource: GET /v1/nope");
    assertThat(Correlation.isValid(body.getString("correlation_id"))).isTrue();
    assertThat(correlationHeader(response)).isEqualTo(body.getString("correlation_id"));
  }

  @Test
  void wrongMethodIsNotAllowed() throws Exception {
    HttpResponse<String> response = send("POST", "/v1/nodes", null);

    assertThat(response.statusCode()).isEqualTo(405);
    JsonObject body = body(response);
    assertThat(body.getString("error")).isEqualTo("METHOD_NOT_ALLOWED");
    assertThat(body.getString("message")).isEqualTo("POST is not allowed on /v1/nodes");
    assertThat(correlationHeader(response)).isEqualTo(body.getString("correlation_id"));
  }

  @Test
  void theOpenApiDocumentIsServedToAReadTokenAndToNobodyWithout() throws Exception {
    HttpResponse<String> read = send("GET", "/v1/openapi.json", null, TEAM_A_READ.token(), null,
        Map.of());
    HttpResponse<String> anonymous = send("GET", "/v1/openapi.json", null, null, null, Map.of());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(read.body()).isEqualTo(new String(OpenApiEndpoint.read(),
        StandardCharsets.UTF_8));
    assertThat(body(read).getString("openapi")).isEqualTo("3.1.0");
    assertThat(correlationHeader(read)).isNotEmpty();
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void theMetricsAreServedToAReadTokenAndToNobodyWithout() throws Exception {
    HttpResponse<String> read = send("GET", "/metrics", null, TEAM_A_READ.token(), null,
        Map.of());
    HttpResponse<String> anonymous = send("GET", "/metrics", null, null, null, Map.of());

    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(correlationHeader(read)).isNotEmpty();
    // Without a cluster the API answers for itself, in a text Prometheus reads.
    assertThat(PrometheusText.parse(read.body()).samples(MetricsEndpoint.UP,
        Map.of("node", "node-1", "role", "api"))).singleElement()
        .extracting(PrometheusText.Sample::value).isEqualTo(1.0);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).doesNotContain(MetricsEndpoint.UP);
  }

  @Test
  void invalidNodeIdIsABadRequestNamingTheRule() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/nodes/bad..id", null);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject body = body(response);
    assertThat(body.getString("error")).isEqualTo("BAD_REQUEST");
    assertThat(body.getString("message")).isEqualTo("invalid node id 'bad..id': use 1-63 "
        + "letters, digits, '-' or '_', starting with a letter or digit");
    assertThat(correlationHeader(response)).isEqualTo(body.getString("correlation_id"));
  }

  @Test
  void wellFormedCorrelationIdFromTheClientIsKept() throws Exception {
    HttpResponse<String> response = send("GET", "/v1/nope", "cli-4f2a.1:retry-2");

    assertThat(correlationHeader(response)).isEqualTo("cli-4f2a.1:retry-2");
    assertThat(body(response).getString("correlation_id")).isEqualTo("cli-4f2a.1:retry-2");
  }

  static Stream<String> malformedIds() {
    return Stream.of("bad id with spaces", "-leading-dash", "a/b", "", "a".repeat(300));
  }

  @ParameterizedTest
  @MethodSource("malformedIds")
  void malformedCorrelationIdFromTheClientIsReplaced(String offered) throws Exception {
    HttpResponse<String> response = send("GET", "/v1/nope", offered);

    String used = correlationHeader(response);
    assertThat(used).isNotEqualTo(offered);
    assertThat(Correlation.isValid(used)).isTrue();
    assertThat(body(response).getString("correlation_id")).isEqualTo(used);
  }

  @Test
  void everyRequestWithoutAnIdGetsItsOwn() throws Exception {
    String first = correlationHeader(send("GET", "/v1/nope", null));
    String second = correlationHeader(send("GET", "/v1/nope", null));

    assertThat(first).isNotEqualTo(second);
  }

  /** A span the API handed to the exporter. */
  private record Exported(io.snowfox.protocol.v1.Span span, String correlationId,
      String operation, Map<String, Object> attributes) {}

  @Test
  void eachRequestsSpanIsExportedNamedByItsRouteWithTheClientsCorrelationId() throws Exception {
    List<Exported> exported = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.snowfox.runtime.bus.Spans.exportTo((span, correlationId, operation, attributes) ->
        exported.add(new Exported(span, correlationId, operation, attributes)));
    try {
      HttpResponse<String> job = send("GET", "/v1/jobs/j-1", "otlp-1");
      send("GET", "/v1/no/such/thing", "otlp-2");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (exported.size() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(exported).extracting(Exported::correlationId)
          .containsExactlyInAnyOrder("otlp-1", "otlp-2");
      Exported route = exported.stream().filter(e -> e.correlationId().equals("otlp-1"))
          .findFirst().orElseThrow();
      assertThat(route.operation()).isEqualTo("GET /v1/jobs/:id");
      assertThat(route.attributes()).containsEntry("http.route", "/v1/jobs/:id")
          .containsEntry("http.request.method", "GET")
          .containsEntry("url.path", "/v1/jobs/j-1")
          .containsEntry("http.response.status_code", (long) job.statusCode());
      assertThat(route.span().getName()).startsWith("api GET /v1/jobs/j-1 -> ");
      assertThat(route.span().getParentSpanId()).isEmpty();
      // A path no route takes names no span: junk paths would make a name each.
      Exported junk = exported.stream().filter(e -> e.correlationId().equals("otlp-2"))
          .findFirst().orElseThrow();
      assertThat(junk.operation()).isEqualTo("GET");
      assertThat(junk.attributes()).doesNotContainKey("http.route")
          .containsEntry("http.response.status_code", 404L);
    } finally {
      io.snowfox.runtime.bus.Spans.exportTo(null);
    }
  }
}
