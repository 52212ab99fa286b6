package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A tour of every operation of a real node's API, each call made through Stoplight Prism's
 * validating proxy ({@code prism proxy --errors}) with the OpenAPI document the node serves: an
 * answer that breaks the document (a status it does not list, a body or header that does not
 * match its schema) comes back as Prism's problem instead, and fails the test. The calls are
 * the ones a client makes, errors included (an unknown id, a role too low, a revoked token).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiProxyIT {

  private static final String JSON = "application/json";

  private static TestNode node;
  private static PrismProxy prism;
  /**
   * Prism checking answers only, for requests it cannot read: a YAML body is a string to it,
   * never the object the schema describes.
   */
  private static PrismProxy answersOnly;
  private static String management;
  /** The operations the tour has called, as {@code METHOD path-template}. */
  private static final Set<String> called = new TreeSet<>();
  /** The jobs the tour submitted, first the one whose output it reads. */
  private static final List<String> submitted = new ArrayList<>();

  @BeforeAll
  static void startNodeAndProxy() throws Exception {
    Path tool = ApiTools.command("prism");
    node = TestNode.start("tour", List.of());
    node.awaitGreen();
    management = node.token();
    Http.Answer served = Http.get(node.apiUrl() + "/v1/openapi.json");
    assertThat(served.status()).as(served.body()).isEqualTo(200);
    Path document = node.dataDir.resolve("openapi.json");
    Files.writeString(document, served.body(), StandardCharsets.UTF_8);
    prism = PrismProxy.start(tool, document, node.apiUrl(), true,
        node.dataDir.resolve("prism.log"));
    answersOnly = PrismProxy.start(tool, document, node.apiUrl(), false,
        node.dataDir.resolve("prism-answers.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      for (PrismProxy proxy : new PrismProxy[] {prism, answersOnly}) {
        if (proxy != null) {
          proxy.close();
        }
      }
    } finally {
      if (node != null) {
        node.close();
      }
    }
  }

  @Test
  @Order(1)
  void theDocumentServedIsTheOneInTheSource() throws Exception {
    Http.Answer answer = call("GET", "/v1/openapi.json", management, null, null, 200);

    // Prism passes a JSON body on re-encoded: compare what it says, not its bytes.
    boolean same = answer.json().equals(new JsonObject(
        Files.readString(ApiTools.documentSource())));
    assertThat(same).as("the node serves %s (a distribution built from other sources?)",
        ApiTools.documentSource()).isTrue();
  }

  @Test
  @Order(2)
  void nodes() throws Exception {
    String self = node.nodeId;
    JsonObject list = call("GET", "/v1/nodes", management, null, null, 200).json();
    assertThat(list.getJsonArray("nodes")).hasSize(1);
    call("GET", "/v1/nodes?trace=true", management, null, null, 200);
    call("GET", "/v1/nodes/" + self, management, null, null, 200);
    call("GET", "/v1/nodes/ghost", management, null, null, 404);

    call("POST", "/v1/nodes/" + self + "/drain", management, null, null, 200);
    call("POST", "/v1/nodes/" + self + "/drain", management, null, null, 200);
    call("DELETE", "/v1/nodes/" + self + "/drain", management, null, null, 200);
    call("POST", "/v1/nodes/ghost/drain", management, null, null, 404);
    call("DELETE", "/v1/nodes/" + self, management, null, null, 409);
    call("DELETE", "/v1/nodes/ghost", management, null, null, 404);
  }

  @Test
  @Order(3)
  void jobs() throws Exception {
    String correlationId = "tour-submit-1";
    Http.Answer hello = call("POST", "/v1/jobs", management, JSON, new JsonObject()
        .put("name", "hello").put("command", "/bin/sh")
        .put("args", List.of("-c", "echo hello; echo oops >&2"))
        .put("env", new JsonObject().put("GREETING", "hi")).encode(), correlationId, 201);
    String id = hello.json().getString("id");
    submitted.add(id);
    assertThat(hello.correlationId()).isEqualTo(correlationId);
    String yaml = call(answersOnly, "POST", "/v1/jobs?trace=true", management,
        "application/yaml",
        "name: from-yaml\ncommand: /bin/true\ninstances: 2\nrestart:\n  policy: never\n",
        null, 201).json().getString("id");
    submitted.add(yaml);
    // Well-formed as the document describes a spec, refused by the manager's rules.
    call("POST", "/v1/jobs", management, JSON, new JsonObject().put("name", "too-patient")
        .put("command", "/bin/true").put("kill_timeout", "2h").encode(), null, 400);

    eventually(Duration.ofSeconds(60), () -> assertThat(call("GET", "/v1/jobs/" + id,
        management, null, null, 200).json().getJsonObject("job").getString("state"))
        .isEqualTo("complete"));
    call("GET", "/v1/jobs/" + id + "?trace=true", management, null, null, 200);
    call("GET", "/v1/jobs", management, null, null, 200);
    call("GET", "/v1/jobs?state=complete", management, null, null, 200);
    call("GET", "/v1/jobs/no-such-job", management, null, null, 404);

    assertThat(call("GET", "/v1/jobs/" + id + "/logs", management, null, null, 200).body())
        .isEqualTo("hello\n");
    assertThat(call("GET", "/v1/jobs/" + id + "/logs?stream=stderr&tail=1&instance=0",
        management, null, null, 200).body()).isEqualTo("oops\n");
    call("GET", "/v1/jobs/" + id + "/logs?follow=true", management, null, null, 200);
    call("GET", "/v1/jobs/" + id + "/logs?instance=7", management, null, null, 404);
    call("GET", "/v1/jobs/no-such-job/logs", management, null, null, 404);

    String sleeper = call("POST", "/v1/jobs", management, JSON, new JsonObject()
        .put("name", "sleeper").put("command", "/bin/sleep").put("args", List.of("300"))
        .put("kill_timeout", "2s").encode(), null, 201).json().getString("id");
    submitted.add(sleeper);
    eventually(Duration.ofSeconds(60), () -> assertThat(call("GET", "/v1/jobs/" + sleeper,
        management, null, null, 200).json().getJsonObject("job").getString("state"))
        .isEqualTo("running"));
    call("DELETE", "/v1/jobs/" + sleeper, management, null, null, 202);
    call("DELETE", "/v1/jobs/" + sleeper + "?trace=true", management, null, null, 202);
    call("DELETE", "/v1/jobs/no-such-job", management, null, null, 404);
  }

  @Test
  @Order(4)
  void tracesAndEvents() throws Exception {
    eventually(Duration.ofSeconds(30), () ->
        call("GET", "/v1/traces/tour-submit-1", management, null, null, 200));
    call("GET", "/v1/traces/tour-nobody-sent-this", management, null, null, 404);

    call("GET", "/v1/events?follow=false", management, null, null, 200);
    call("GET", "/v1/events?follow=false&type=job.state&type=instance.exited", management, null,
        null, 200);
    call("GET", "/v1/events?follow=false&job=" + submitted.get(0), management, null, null, 200);
  }

  @Test
  @Order(5)
  void metrics() throws Exception {
    assertThat(call("GET", "/metrics", management, null, null, 200).body())
        .contains("snowfox_process_up");
    call("GET", "/metrics?scope=node", management, null, null, 200);
  }

  /**
   * An event stream never ends, so Prism, which reads an answer whole before checking it, cannot
   * stand in front of one: its media types and its events are checked against the document
   * here, straight from the node.
   */
  @Test
  @Order(5)
  @Timeout(90)
  void eventStreamsAreWhatTheDocumentSays() throws Exception {
    OpenApiDocument.Operation events = operation("getEvents");
    Set<String> mediaTypes = events.responses().getJsonObject("200").getJsonObject("content")
        .fieldNames();
    JsonObject eventSchema = document().resolve(new JsonObject()
        .put("$ref", "#/components/schemas/Event"));

    for (String accept : List.of("text/event-stream", "application/x-ndjson")) {
      HttpResponse<java.io.InputStream> stream = Http.client().send(Http.as(management,
              HttpRequest.newBuilder(URI.create(node.apiUrl() + "/v1/events?type=job.state"))
                  .version(HttpClient.Version.HTTP_1_1).header("Accept", accept)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
          StandardCharsets.UTF_8))) {
        assertThat(stream.statusCode()).isEqualTo(200);
        String type = stream.headers().firstValue("Content-Type").orElse("")
            .replaceFirst(";.*", "").trim();
        assertThat(mediaTypes).as("Accept: %s", accept).contains(type);
        assertThat(stream.headers().firstValue("X-Correlation-Id")).isPresent();
        submitted.add(call("POST", "/v1/jobs", management, JSON, new JsonObject()
            .put("name", "evented").put("command", "/bin/true").encode(), null, 201)
            .json().getString("id"));
        String line;
        do {
          line = lines.readLine();
        } while (line != null && !line.startsWith("{") && !line.startsWith("data: "));
        assertThat(line).as("an event on the %s stream", type).isNotNull();
        JsonObject event = new JsonObject(line.replaceFirst("^data: ", ""));
        for (Object field : eventSchema.getJsonArray("required")) {
          assertThat(event.containsKey((String) field)).as("%s in %s", field, event).isTrue();
        }
        assertThat(event.getString("type")).isEqualTo("job.state");
      }
    }
  }

  @Test
  @Order(6)
  void tokens() throws Exception {
    JsonObject created = call("POST", "/v1/tokens", management, JSON, new JsonObject()
        .put("namespace", "team-a").put("role", "read").put("description", "tour").encode(),
        null, 201).json();
    String reader = created.getString("token");
    call("GET", "/v1/tokens", management, null, null, 200);

    call("GET", "/v1/jobs", reader, null, null, 200);
    call("GET", "/v1/nodes", reader, null, null, 200);
    call("POST", "/v1/jobs", reader, JSON, new JsonObject().put("name", "not-allowed")
        .put("command", "/bin/true").encode(), null, 403);
    call("GET", "/v1/tokens", reader, null, null, 403);

    call("DELETE", "/v1/tokens/" + created.getString("id"), management, null, null, 200);
    call("GET", "/v1/tokens?revoked=true", management, null, null, 200);
    call("DELETE", "/v1/tokens/no-such-token", management, null, null, 404);
    call("GET", "/v1/jobs", reader, null, null, 401);
    call("GET", "/v1/jobs", "sfx_not-a-token-anyone-made", null, null, 401);
  }

  @Test
  @Order(7)
  void theTourCalledEveryOperation() throws Exception {
    Set<String> documented = new TreeSet<>();
    document().operations().forEach(op ->
        documented.add(op.method().toUpperCase(java.util.Locale.ROOT) + " " + op.path()));

    assertThat(called).containsAll(documented);
  }

  private static OpenApiDocument document() throws Exception {
    return new OpenApiDocument(new JsonObject(Files.readString(ApiTools.documentSource())));
  }

  private static OpenApiDocument.Operation operation(String id) throws Exception {
    return document().operations().stream().filter(op -> id.equals(op.id())).findFirst()
        .orElseThrow();
  }

  /** One call through Prism, with {@code token} and a body when {@code contentType} is set. */
  private static Http.Answer call(String method, String pathAndQuery, String token,
      String contentType, String body, int expected) throws Exception {
    return call(method, pathAndQuery, token, contentType, body, null, expected);
  }

  private static Http.Answer call(String method, String pathAndQuery, String token,
      String contentType, String body, String correlationId, int expected) throws Exception {
    return call(prism, method, pathAndQuery, token, contentType, body, correlationId, expected);
  }

  private static Http.Answer call(PrismProxy proxy, String method, String pathAndQuery,
      String token, String contentType, String body, String correlationId, int expected)
      throws Exception {
    // HTTP/1.1: Java's client otherwise offers an upgrade to h2c, which Prism passes on to the
    // API and then cannot follow.
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.url() + pathAndQuery))
        .version(HttpClient.Version.HTTP_1_1)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (correlationId != null) {
      request.header("X-Correlation-Id", correlationId);
    }
    Http.Answer answer = Http.raw(Http.as(token, request));
    called.add(method + " " + template(pathAndQuery));
    String what = method + " " + pathAndQuery;
    assertThat(answer.headers().firstValue(PrismProxy.VIOLATIONS_HEADER))
        .as("%s: Prism's violations", what).isEmpty();
    assertThat(answer.body()).as("%s: an answer Prism made itself", what)
        .doesNotContain(PrismProxy.PROBLEM_TYPE);
    assertThat(answer.status()).as("%s answered %s", what, answer.body()).isEqualTo(expected);
    return answer;
  }

  /** The document's path template a concrete path is an instance of. */
  private static String template(String pathAndQuery) {
    String path = pathAndQuery.replaceFirst("\\?.*", "");
    String[] parts = path.split("/");
    // /v1/{resource}/{id}[/{sub}]: every third segment is an id, but for openapi.json.
    if (parts.length > 3) {
      parts[3] = "{id}";
    }
    return String.join("/", parts);
  }
}
