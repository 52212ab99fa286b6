package io.snowfox.api.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The Java client of the SnowFox public API: one HTTP call per method, no cluster membership.
 *
 * <p>Every call may fail with an {@link ApiException} that carries the HTTP status, the error
 * code of the answer and its correlation id.
 */
public final class SnowfoxClient {

  /** Where the API is unless told otherwise. */
  public static final String DEFAULT_URL = "http://127.0.0.1:7070";
  /** How long a call may take, answer included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The header carrying the correlation id, both ways. */
  public static final String CORRELATION_HEADER = "X-Correlation-Id";

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  public SnowfoxClient(String baseUrl, Duration timeout) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Every node's status ({@code GET /v1/nodes}). */
  public NodeList nodes() {
    return NodeList.fromJson(get("v1/nodes"));
  }

  /** One node's status ({@code GET /v1/nodes/{id}}). */
  public NodeView node(String nodeId) {
    JsonObject body = get("v1/nodes/" + URLEncoder.encode(nodeId, StandardCharsets.UTF_8));
    return NodeView.fromJson(body.getJsonObject("node", new JsonObject()));
  }

  /** {@code GET path}; the body of a 2xx answer, with its correlation id as "correlation_id". */
  public JsonObject get(String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .timeout(timeout)
        .header("Accept", "application/json")
        .GET()
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ApiException(0, "UNREACHABLE", "cannot reach the SnowFox API at " + base
          + " (" + describe(e) + "): is a node running?", "", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "INTERRUPTED", "interrupted", "", e);
    }
    String correlationId = response.headers().firstValue(CORRELATION_HEADER).orElse("");
    JsonObject body = parse(response, correlationId);
    if (response.statusCode() / 100 != 2) {
      throw new ApiException(response.statusCode(), body.getString("error", "HTTP_"
          + response.statusCode()), body.getString("message", "HTTP " + response.statusCode()),
          body.getString("correlation_id", correlationId), null);
    }
    if (!body.containsKey("correlation_id")) {
      body.put("correlation_id", correlationId);
    }
    return body;
  }

  private static JsonObject parse(HttpResponse<String> response, String correlationId) {
    try {
      return new JsonObject(response.body());
    } catch (DecodeException | ClassCastException e) {
      throw new ApiException(response.statusCode(), "BAD_RESPONSE",
          "the API answered HTTP " + response.statusCode() + " with a body that is not JSON",
          correlationId, e);
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
