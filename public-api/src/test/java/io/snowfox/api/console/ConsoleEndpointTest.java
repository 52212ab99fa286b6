package io.snowfox.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.api.auth.TokenDirectory;
import io.snowfox.api.http.ApiRouter;
import io.snowfox.api.http.InvalidRequests;
import io.snowfox.api.http.LocalApi;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.security.ApiTokens;
import io.snowfox.runtime.security.Namespaces;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console's files: served without a token, under a strict policy, behind the same browser
 * checks as the API, which still wants its token for every call.
 */
class ConsoleEndpointTest {

  private static final ApiTokens.Issued MANAGEMENT = ApiTokens.issue(Namespaces.ALL,
      TokenRole.TOKEN_ROLE_MANAGEMENT, "test", 1);
  /** The relative imports of a JavaScript module: {@code from './api.js'}. */
  private static final Pattern IMPORT = Pattern.compile("from '\\./([\\w-]+\\.js)'");

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private Vertx vertx;
  private Router router;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    vertx = LocalApi.vertx();
    router = ApiRouter.create(LocalApi.context(vertx),
        TokenDirectory.of(List.of(MANAGEMENT.record())));
    port = await(vertx.createHttpServer().requestHandler(router)
        .invalidRequestHandler(new InvalidRequests()).listen(0, "127.0.0.1")).actualPort();
  }

  @AfterEach
  void closeVertx() throws Exception {
    await(vertx.close());
  }

  @Test
  void thePageIsServedWithoutATokenUnderAStrictPolicy() throws Exception {
    HttpResponse<String> page = get("/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("<script type=\"module\" src=\"/static/app.js\">");
    assertStrictHeaders(page);
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
            "frame-ancestors 'none'", "form-action 'none'", "require-trusted-types-for 'script'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
  }

  @Test
  void everyModuleThePageImportsIsServedAsJavaScript() throws Exception {
    Set<String> seen = new TreeSet<>();
    Deque<String> toRead = new ArrayDeque<>(List.of("app.js"));
    while (!toRead.isEmpty()) {
      String module = toRead.pop();
      if (!seen.add(module)) {
        continue;
      }
      HttpResponse<String> script = get("/static/" + module, null);

      assertThat(script.statusCode()).as(module).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type").orElseThrow()).as(module)
          .matches("(application|text)/javascript(;.*)?");
      assertStrictHeaders(script);
      Matcher imports = IMPORT.matcher(script.body());
      while (imports.find()) {
        toRead.add(imports.group(1));
      }
    }
    assertThat(seen).contains("app.js", "api.js", "nodes.js", "jobs.js", "job.js", "trace.js",
        "events.js");
    assertThat(get("/static/style.css", null).headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    assertThat(get("/static/favicon.svg", null).headers().firstValue("Content-Type"))
        .hasValue("image/svg+xml");
  }

  @Test
  void theApiStillWantsItsTokenAndAPathThatIsNoFileIsNoConsoleFile() throws Exception {
    assertThat(get("/v1/jobs", null).statusCode()).isEqualTo(401);

    HttpResponse<String> anonymous = get("/static/nope.js", null);
    HttpResponse<String> withToken = get("/static/nope.js", MANAGEMENT.token());
    HttpResponse<String> escape = get("/static/..%2Fconsole%2Findex.html", null);

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(withToken.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(withToken.body()).getString("error")).isEqualTo("NOT_FOUND");
    assertThat(escape.statusCode()).isIn(400, 401, 404);
  }

  @Test
  void aPageOfAnotherNameGetsNoConsole() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: evil.example:" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(reply).startsWith("HTTP/1.1 403");
    }
  }

  @Test
  void theConsoleMountsOnlyGetRoutesOnItsOwnPaths() {
    List<Route> console = router.getRoutes().stream()
        .filter(route -> route.getPath() != null
            && ConsoleEndpoint.ROUTE_PATHS.contains(route.getPath())).toList();

    assertThat(console.stream().map(Route::getPath).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(ConsoleEndpoint.ROUTE_PATHS);
    assertThat(console).allSatisfy(route -> assertThat(route.methods())
        .containsExactly(HttpMethod.GET));
  }

  private static void assertStrictHeaders(HttpResponse<String> answer) {
    assertThat(answer.headers().firstValue("Content-Security-Policy")).isPresent();
    assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
