package io.snowfox.it;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls to a node's public API, as any client would make them. */
final class Http {

  /** An answer: status, correlation header, body and every header. */
  record Answer(int status, String correlationId, String body, HttpHeaders headers) {
    JsonObject json() {
      return new JsonObject(body);
    }

    /** The seconds {@code Retry-After} asks to wait (429, 503), or {@code otherwise}. */
    long retryAfterSeconds(long otherwise) {
      return headers.firstValue("Retry-After").map(Long::parseLong).orElse(otherwise);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  private Http() {}

  /** The client every call here goes through. */
  static HttpClient client() {
    return CLIENT;
  }

  static Answer get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET());
  }

  static Answer delete(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
  }

  static Answer post(String url, String contentType, String body)
      throws IOException, InterruptedException {
    return post(url, contentType, body, null);
  }

  /** A POST with a correlation id of the client's choosing (when not null). */
  static Answer post(String url, String contentType, String body, String correlationId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (correlationId != null) {
      request.header("X-Correlation-Id", correlationId);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  static Answer method(String method, String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.noBody()));
  }

  /** The body as a stream, for answers that arrive over time. */
  static InputStream stream(String url) throws IOException, InterruptedException {
    HttpResponse<InputStream> response = CLIENT.send(authorized(HttpRequest.newBuilder(
        URI.create(url)).GET()).build(), HttpResponse.BodyHandlers.ofInputStream());
    return response.body();
  }

  /**
   * Sends a request as it is: with no token unless it carries one. The other methods present
   * the management token of the node they address.
   */
  static Answer raw(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(),
        response.headers().firstValue("X-Correlation-Id").orElse(""), response.body(),
        response.headers());
  }

  /** A request presenting {@code token}. */
  static HttpRequest.Builder as(String token, HttpRequest.Builder request) {
    return request.header("Authorization", "Bearer " + token);
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
    HttpRequest built = request.copy().build();
    String token = Tokens.forUrl(built.uri().toString());
    return token == null ? request : as(token, request);
  }

  private static Answer send(HttpRequest.Builder unauthorized)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = authorized(unauthorized);
    HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(),
        response.headers().firstValue("X-Correlation-Id").orElse(""), response.body(),
        response.headers());
  }
}
