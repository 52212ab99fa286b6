package io.snowfox.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.api.auth.AccessPolicy;
import io.snowfox.api.auth.TokenDirectory;
import io.snowfox.api.console.ConsoleEndpoint;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.security.TokenRoles;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes the API the server mounts: every route and no other, each
 * operation with a success, the 401 every call can get, and the role {@link AccessPolicy}
 * gives it. The web console's routes ({@link ConsoleEndpoint#ROUTE_PATHS}) serve static files
 * to browsers without a token and are not operations of the API; {@code ConsoleEndpointTest}
 * checks that they are only those.
 */
class OpenApiDocumentTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options",
      "head", "patch", "trace");

  private final JsonObject document = new JsonObject(
      new String(OpenApiEndpoint.read(), StandardCharsets.UTF_8));
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    Correlation.init();
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
  }

  @AfterEach
  void closeVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void isAnOpenApi31DocumentWithBearerTokens() {
    assertThat(document.getString("openapi")).isEqualTo("3.1.0");
    assertThat(document.getJsonObject("components").getJsonObject("securitySchemes")
        .getJsonObject("bearer").getString("scheme")).isEqualTo("bearer");
    assertThat(document.getJsonArray("security").getJsonObject(0).containsKey("bearer"))
        .isTrue();
  }

  @Test
  void listsEveryRouteTheApiServesAndNoOther() {
    Endpoint self = Endpoint.newBuilder().setNodeId("node-1").setRole(Role.ROLE_API).build();
    RoleContext context = new RoleContext(vertx, null, new Bus(vertx, self),
        new ClusterOptions(), Path.of("."));
    Router router = ApiRouter.create(context, TokenDirectory.of(List.of()));

    Set<String> served = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null && !route.isRegexPath()) {
        continue; // the handlers every request goes through
      }
      if (route.getPath() != null && ConsoleEndpoint.ROUTE_PATHS.contains(route.getPath())) {
        continue; // the web console's static files: pages for a browser, not API operations
      }
      // A regex route, or one that serves every method, cannot match the document: it fails.
      String path = route.getPath() == null ? "regex" : route.getPath()
          .replaceAll(":(\\w+)", "{$1}");
      if (route.methods() == null || route.methods().isEmpty()) {
        served.add("ANY " + path);
      }
      for (HttpMethod method : route.methods() == null ? Set.<HttpMethod>of() : route.methods()) {
        served.add(method.name() + " " + path);
      }
    }

    assertThat(operations())
        .as("the operations of openapi.json (actual) and the routes ApiRouter mounts (expected)")
        .containsExactlyElementsOf(served);
  }

  @Test
  void everyOperationAnswersASuccessAndUnauthorized() {
    for (String operation : operations()) {
      JsonObject responses = operation(operation).getJsonObject("responses");
      assertThat(responses.fieldNames()).as(operation)
          .contains("401")
          .anyMatch(status -> status.startsWith("2"));
    }
  }

  @Test
  void everyOperationNamesTheRoleItNeeds() {
    for (String operation : operations()) {
      String[] methodAndPath = operation.split(" ");
      String needed = TokenRoles.name(AccessPolicy.needed(HttpMethod.valueOf(methodAndPath[0]),
          methodAndPath[1].replaceAll("\\{\\w+}", "x")));
      JsonObject described = operation(operation);

      assertThat(described.getString("x-snowfox-role")).as(operation).isEqualTo(needed);
      assertThat(described.getString("description")).as(operation)
          .startsWith("Needs a token with the `" + needed + "` role.");
    }
  }

  @Test
  void everyReferenceLeadsSomewhere() {
    List<String> refs = new ArrayList<>();
    collectRefs(document, refs);

    assertThat(refs).isNotEmpty().allSatisfy(ref -> {
      assertThat(ref).startsWith("#/");
      Object target = document;
      for (String part : ref.substring(2).split("/")) {
        assertThat(target).as(ref).isInstanceOf(JsonObject.class);
        target = ((JsonObject) target).getValue(part);
      }
      assertThat(target).as(ref).isNotNull();
    });
  }

  /** "GET /v1/jobs/{id}" for every operation of the document, sorted. */
  private Set<String> operations() {
    Set<String> operations = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    return operations;
  }

  private JsonObject operation(String operation) {
    String[] methodAndPath = operation.split(" ");
    return document.getJsonObject("paths").getJsonObject(methodAndPath[1])
        .getJsonObject(methodAndPath[0].toLowerCase(Locale.ROOT));
  }

  private static void collectRefs(Object node, List<String> refs) {
    if (node instanceof JsonObject object) {
      object.forEach(entry -> {
        if (entry.getKey().equals("$ref")) {
          refs.add((String) entry.getValue());
        } else {
          collectRefs(entry.getValue(), refs);
        }
      });
    } else if (node instanceof JsonArray array) {
      array.forEach(item -> collectRefs(item, refs));
    }
  }
}
