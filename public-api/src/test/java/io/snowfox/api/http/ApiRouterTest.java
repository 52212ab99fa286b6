package io.snowfox.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.api.client.SnowfoxClient;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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

  private static final String HEADER = SnowfoxClient.CORRELATION_HEADER;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private Vertx vertx;
  private URI base;

  @BeforeEach
  void startServer() throws Exception {
    Correlation.init();
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    Endpoint self = Endpoint.newBuilder().setNodeId("node-1").setRole(Role.ROLE_API).build();
    RoleContext context = new RoleContext(vertx, null, new Bus(vertx, self),
        new ClusterOptions(), Path.of("."));
    HttpServer server = await(vertx.createHttpServer()
        .requestHandler(ApiRouter.create(context))
        .listen(0, "127.0.0.1"));
    base = URI.create("http://127.0.0.1:" + server.actualPort());
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
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (correlationId != null) {
      request.header(HEADER, correlationId);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
}
