package io.snowfox.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP/1.1 through the JDK's {@link HttpURLConnection}: a CLI call is one short-lived JVM, and
 * {@code java.net.http.HttpClient} costs about 0.7 s more to start (measured: 0.9 s against
 * 0.15 s for one GET on loopback), most of a command's time. Connections are kept alive and
 * reused by the JDK between calls.
 */
final class Http {

  /** The header carrying the correlation id, both ways. */
  static final String CORRELATION_HEADER = "X-Correlation-Id";

  private final URI base;
  private final Duration timeout;
  private final String token;

  Http(ClientOptions options) {
    String url = options.url();
    this.base = URI.create(url.endsWith("/") ? url : url + "/");
    this.timeout = options.timeout();
    this.token = options.token();
  }

  URI base() {
    return base;
  }

  /** An answer whose body is still to be read (and closed). */
  record Response(int status, String correlationId, Optional<Duration> retryAfter,
      InputStream body) {
    boolean succeeded() {
      return status / 100 == 2;
    }
  }

  /**
   * Sends a request and waits for the answer's head. A timed request fails when the connection
   * or any read takes longer than the timeout; an untimed one (a followed stream) only limits
   * connecting.
   */
  Response open(String method, String path, boolean timed, byte[] content, String contentType,
      String correlationId) {
    try {
      HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL()
          .openConnection();
      connection.setRequestMethod(method);
      connection.setConnectTimeout((int) timeout.toMillis());
      connection.setReadTimeout(timed ? (int) timeout.toMillis() : 0);
      connection.setRequestProperty("Accept", "application/json");
      if (token != null) {
        connection.setRequestProperty("Authorization", "Bearer " + token);
      }
      if (correlationId != null) {
        connection.setRequestProperty(CORRELATION_HEADER, correlationId);
      }
      if (content != null) {
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", contentType);
        connection.setFixedLengthStreamingMode(content.length);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(content);
        }
      }
      int status = connection.getResponseCode();
      String answered = connection.getHeaderField(CORRELATION_HEADER);
      InputStream body = status >= 400 ? connection.getErrorStream()
          : connection.getInputStream();
      return new Response(status, answered == null ? "" : answered,
          retryAfter(connection.getHeaderField("Retry-After")),
          body == null ? InputStream.nullInputStream() : body);
    } catch (IOException e) {
      // One message for both: the API may be down, or up and stuck; the code tells them apart.
      throw new ApiException(0, e instanceof SocketTimeoutException ? ApiException.TIMEOUT
          : ApiException.UNREACHABLE, "cannot reach the SnowFox API at " + base + " ("
          + describe(e) + "): is a node running?", "", e);
    }
  }

  /** A {@code Retry-After} of seconds; empty when absent or not a number of seconds. */
  static Optional<Duration> retryAfter(String header) {
    if (header == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(Long.parseLong(header.trim()), 0)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
