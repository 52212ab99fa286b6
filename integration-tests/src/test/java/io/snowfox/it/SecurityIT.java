package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The HTTP API as an attacker meets it, on a real two-node cluster: no token, the wrong token,
 * another namespace's token, a browser page, and a token revoked on one node while used on the
 * other. Every refusal is a JSON error carrying the request's correlation id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String JSON = "application/json";

  private TestNode first;
  private TestNode second;
  private String teamASubmit;
  private String teamARead;
  private String teamBSubmit;

  @BeforeAll
  void startCluster() throws Exception {
    first = TestNode.start("seca", List.of());
    first.awaitGreen();
    second = TestNode.start("secb", List.of("--seed", first.seed()));
    second.awaitStatus(first.apiUrl(), "GREEN");
    teamASubmit = createToken(first, "team-a", "submit");
    teamARead = createToken(first, "team-a", "read");
    teamBSubmit = createToken(first, "team-b", "submit");
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  /** {@code snowfox token create} with the management token the CLI finds in the data dir. */
  private static String createToken(TestNode node, String namespace, String role)
      throws Exception {
    Cli.Result created = Cli.run("token", "create", "--namespace", namespace, "--role", role,
        "--api", node.apiUrl(), "--data-dir", node.dataDir.toString(), "--token", "");
    assertThat(created.exitCode()).as("token create: %s", created.err()).isZero();
    String token = created.out().strip();
    assertThat(token).startsWith("sfx_");
    return token;
  }

  private static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url));
  }

  private static Http.Answer getAs(String token, String url) throws Exception {
    return Http.raw(Http.as(token, request(url)).GET());
  }

  private static Http.Answer submitAs(String token, String url, JsonObject spec)
      throws Exception {
    return Http.raw(Http.as(token, request(url + "/v1/jobs")).header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(spec.encode())));
  }

  private static void assertError(Http.Answer answer, int status, String code) {
    assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(status);
    JsonObject body = answer.json();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("correlation_id")).isNotBlank()
        .isEqualTo(answer.correlationId());
  }

  private static JsonObject sleeper(String name) {
    return new JsonObject().put("name", name).put("command", "/bin/sh")
        .put("args", new JsonArray().add("-c").add("echo hello from " + name + "; sleep 300"));
  }

  @Test
  @Order(1)
  void theManagementTokenFileIsTheDaemonUsersOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        first.dataDir.resolve("management.token")))).isEqualTo("rw-------");
  }

  @Test
  @Order(2)
  void everyCallWithoutAValidTokenIsUnauthorized() throws Exception {
    for (String path : List.of("/v1/nodes", "/v1/jobs", "/v1/events?follow=false",
        "/v1/tokens", "/v1/traces/abc", "/v1/nope")) {
      assertError(Http.raw(request(first.apiUrl() + path).GET()), 401, "UNAUTHORIZED");
      assertError(getAs("sfx_0123456789abcdef_" + "0".repeat(64), first.apiUrl() + path), 401,
          "UNAUTHORIZED");
    }
    assertError(Http.raw(request(first.apiUrl() + "/v1/jobs").header("Content-Type", JSON)
        .POST(HttpRequest.BodyPublishers.ofString(sleeper("anon").encode()))), 401,
        "UNAUTHORIZED");
  }

  @Test
  @Order(3)
  void aNamespaceSeesAndTouchesOnlyItsOwnJobs() throws Exception {
    Http.Answer submitted = submitAs(teamASubmit, first.apiUrl(), sleeper("team-a-job"));
    assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
    String id = submitted.json().getString("id");
    String submission = submitted.correlationId();
    eventually(WAIT, () -> assertThat(getAs(teamARead, first.apiUrl() + "/v1/jobs/" + id)
        .json().getJsonObject("job").getString("state")).isEqualTo("running"));
    JsonObject job = getAs(teamARead, first.apiUrl() + "/v1/jobs/" + id).json()
        .getJsonObject("job");
    assertThat(job.getString("namespace")).isEqualTo("team-a");

    String base = second.apiUrl() + "/v1/jobs/" + id;
    assertError(getAs(teamBSubmit, base), 403, "FORBIDDEN");
    assertError(getAs(teamBSubmit, base + "/logs"), 403, "FORBIDDEN");
    assertError(Http.raw(Http.as(teamBSubmit, request(base)).DELETE()), 403, "FORBIDDEN");
    assertError(getAs(teamBSubmit, first.apiUrl() + "/v1/traces/" + submission), 403,
        "FORBIDDEN");
    assertThat(getAs(teamBSubmit, first.apiUrl() + "/v1/jobs").json().getJsonArray("jobs"))
        .isEmpty();
    JsonArray bEvents = getAs(teamBSubmit, first.apiUrl() + "/v1/events?follow=false").json()
        .getJsonArray("events");
    assertThat(bEvents.stream().map(e -> ((JsonObject) e).getString("job_id")))
        .doesNotContain(id);
    assertError(submitAs(teamBSubmit, first.apiUrl(), sleeper("sneaky")
        .put("namespace", "team-a")), 403, "FORBIDDEN");

    // Its own namespace sees all of it: list, output, trace, events.
    assertThat(getAs(teamARead, first.apiUrl() + "/v1/jobs").json().getJsonArray("jobs")
        .stream().map(j -> ((JsonObject) j).getString("id"))).containsExactly(id);
    eventually(WAIT, () -> assertThat(getAs(teamARead, base + "/logs").body())
        .contains("hello from team-a-job"));
    eventually(WAIT, () -> {
      Http.Answer trace = getAs(teamARead, first.apiUrl() + "/v1/traces/" + submission);
      assertThat(trace.status()).as(trace.body()).isEqualTo(200);
      assertThat(trace.json().getJsonArray("spans")).isNotEmpty();
    });
    JsonArray aEvents = getAs(teamARead, first.apiUrl() + "/v1/events?follow=false").json()
        .getJsonArray("events");
    assertThat(aEvents.stream().map(e -> ((JsonObject) e).getString("job_id"))).contains(id);
    assertThat(aEvents.stream().map(e -> ((JsonObject) e).getString("namespace")))
        .containsOnly("team-a");

    // A read token reads but does not act.
    assertError(Http.raw(Http.as(teamARead, request(base)).DELETE()), 403, "FORBIDDEN");
    assertError(submitAs(teamARead, first.apiUrl(), sleeper("reader")), 403, "FORBIDDEN");
    assertError(getAs(teamASubmit, first.apiUrl() + "/v1/tokens"), 403, "FORBIDDEN");

    assertThat(Http.raw(Http.as(teamASubmit, request(base)).DELETE()).status()).isEqualTo(202);
  }

  @Test
  @Order(4)
  void aBrowserPageCannotSubmitAJob() throws Exception {
    // What fetch(..., {mode: "no-cors", body: new Blob([json])}) sends: no Content-Type.
    Http.Answer noType = Http.raw(Http.as(first.token(), request(first.apiUrl() + "/v1/jobs"))
        .POST(HttpRequest.BodyPublishers.ofString(sleeper("blob").encode())));
    assertError(noType, 415, "UNSUPPORTED_MEDIA_TYPE");

    Http.Answer foreign = Http.raw(Http.as(first.token(), request(first.apiUrl() + "/v1/jobs"))
        .header("Content-Type", JSON).header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(sleeper("cross-site").encode())));
    assertError(foreign, 403, "FORBIDDEN");

    assertThat(statusLineWithHost(first, "evil.example:" + first.httpPort)).contains(" 403 ");
    assertThat(statusLineWithHost(first, "localhost:" + first.httpPort)).contains(" 200 ");
    assertThat(Http.get(first.apiUrl() + "/v1/jobs").json().getJsonArray("jobs").stream()
        .map(j -> ((JsonObject) j).getString("name"))).doesNotContain("blob", "cross-site");
  }

  /** java.net.http refuses to send a Host of our choosing; a DNS-rebinding page would. */
  private static String statusLineWithHost(TestNode node, String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.httpPort)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /v1/nodes HTTP/1.1\r\nHost: " + host
          + "\r\nAuthorization: Bearer " + node.token() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return reply.substring(0, reply.indexOf("\r\n"));
    }
  }

  @Test
  @Order(5)
  void aTokenRevokedOnOneNodeIsRefusedOnTheOther() throws Exception {
    String token = createToken(first, "team-c", "read");
    assertThat(getAs(token, second.apiUrl() + "/v1/jobs").status()).isEqualTo(200);
    JsonArray listed = Http.get(first.apiUrl() + "/v1/tokens").json().getJsonArray("tokens");
    String id = token.substring(4, 20);
    assertThat(listed.encode()).contains(id).doesNotContain(token.substring(21));

    long revokedAt = System.nanoTime();
    Cli.Result revoked = Cli.run("token", "revoke", id, "--api", first.apiUrl());
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    eventually(Duration.ofSeconds(10), () ->
        assertThat(getAs(token, second.apiUrl() + "/v1/jobs").status()).isEqualTo(401));
    System.out.printf("revoked token refused on the other node after %d ms%n",
        (System.nanoTime() - revokedAt) / 1_000_000);
  }

  @Test
  @Order(6)
  void tokensSurviveARestartOfTheWholeCluster() throws Exception {
    second.close();
    first.close();
    first = TestNode.restart(first);
    first.awaitGreen();
    second = TestNode.restart(second);
    second.awaitStatus(first.apiUrl(), "GREEN");

    eventually(WAIT, () -> assertThat(getAs(teamARead, second.apiUrl() + "/v1/jobs").status())
        .isEqualTo(200));
    assertError(getAs(teamARead, first.apiUrl() + "/v1/tokens"), 403, "FORBIDDEN");
    String correlation = "it-" + UUID.randomUUID();
    Http.Answer created = Http.post(first.apiUrl() + "/v1/tokens", JSON,
        new JsonObject().put("namespace", "team-d").put("role", "submit").encode(), correlation);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.correlationId()).isEqualTo(correlation);
  }
}
