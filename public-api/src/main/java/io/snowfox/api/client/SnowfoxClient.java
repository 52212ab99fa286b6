package io.snowfox.api.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Java client of the SnowFox public API: one HTTP call per method, no cluster membership.
 *
 * <p>Every call may fail with an {@link ApiException} that carries the HTTP status, the error
 * code of the answer and its correlation id.
 *
 * <p>It speaks HTTP/1.1 through {@link HttpURLConnection}: a CLI call is one short-lived JVM, and
 * {@code java.net.http.HttpClient} costs about 0.7 s more to start (measured: 0.9 s against
 * 0.15 s for one GET on loopback), most of a command's time.
 */
public final class SnowfoxClient {

  /** Where the API is unless told otherwise. */
  public static final String DEFAULT_URL = "http://127.0.0.1:7070";
  /** How long a call may take, answer included. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The header carrying the correlation id, both ways. */
  public static final String CORRELATION_HEADER = "X-Correlation-Id";
  /** Sends of one submit the API answers 503 (busy, or the manager slow to answer). */
  public static final int SUBMIT_ATTEMPTS = 5;
  /** The longest wait between two of them, whatever {@code Retry-After} asks. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);

  /** Media type of a job spec written in JSON. */
  public static final String JSON = "application/json";
  /** Media type of a job spec written in YAML. */
  public static final String YAML = "application/yaml";

  private static final int COPY_BUFFER_BYTES = 8192;

  private final URI base;
  private final Duration timeout;
  private final String token;

  /** A client that presents no token: only useful against an API that refuses it (401). */
  public SnowfoxClient(String baseUrl, Duration timeout) {
    this(baseUrl, timeout, null);
  }

  /**
   * A client of the API at {@code baseUrl} presenting {@code token} (sent as
   * {@code Authorization: Bearer}); null for none.
   */
  public SnowfoxClient(String baseUrl, Duration timeout, String token) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.timeout = timeout;
    this.token = token;
  }

  /**
   * Creates a token ({@code POST /v1/tokens}, management tokens only).
   *
   * @param namespace the namespace it acts in; null for a management token
   * @param role read, submit, operate or management
   * @return the token's id, namespace and role, and {@code "token"}: the secret, shown once
   */
  public JsonObject createToken(String namespace, String role, String description) {
    JsonObject request = new JsonObject().put("role", role);
    if (namespace != null) {
      request.put("namespace", namespace);
    }
    if (description != null) {
      request.put("description", description);
    }
    return call("POST", "v1/tokens", request.encode().getBytes(StandardCharsets.UTF_8), JSON);
  }

  /** Every token that is not revoked ({@code GET /v1/tokens}): ids, namespaces, roles. */
  public JsonObject tokens() {
    return get("v1/tokens");
  }

  /** Revokes a token on every node at once ({@code DELETE /v1/tokens/{id}}). */
  public JsonObject revokeToken(String id) {
    return call("DELETE", "v1/tokens/" + segment(id), null, null);
  }

  /** Every node's status ({@code GET /v1/nodes}). */
  public NodeList nodes() {
    return NodeList.fromJson(get("v1/nodes"));
  }

  /** One node's status ({@code GET /v1/nodes/{id}}). */
  public NodeView node(String nodeId) {
    JsonObject body = get(nodePath(nodeId));
    return NodeView.fromJson(body.getJsonObject("node", new JsonObject()));
  }

  /**
   * Starts draining a node ({@code POST /v1/nodes/{id}/drain}, an operate token): the leading
   * manager places no new instance there and moves its running ones to other nodes. Draining a
   * node that drains already changes nothing.
   *
   * @return the node's allocation once the drain has started
   */
  public DrainAnswer drain(String nodeId) {
    return DrainAnswer.fromJson(call("POST", nodePath(nodeId) + "/drain", new byte[0], JSON));
  }

  /**
   * Ends a node's drain ({@code DELETE /v1/nodes/{id}/drain}, an operate token): it takes new
   * instances again. Ending the drain of a node that is not draining changes nothing.
   *
   * @return the node's allocation once the drain has ended
   */
  public DrainAnswer undrain(String nodeId) {
    return DrainAnswer.fromJson(call("DELETE", nodePath(nodeId) + "/drain", null, null));
  }

  /**
   * Forgets a node that is gone for good ({@code DELETE /v1/nodes/{id}}): it is no longer
   * listed nor counted for a majority. Returns the request's correlation id.
   */
  public String forget(String nodeId) {
    return call("DELETE", nodePath(nodeId), null, null).getString("correlation_id", "");
  }

  /**
   * Submits a job ({@code POST /v1/jobs}).
   *
   * @param spec the job spec as written
   * @param contentType {@link #JSON} or {@link #YAML}
   * <p>A 503 (the API is busy, or the manager was slow to answer) is retried after its
   * {@code Retry-After}, up to {@link #SUBMIT_ATTEMPTS} sends, all with one correlation id.
   *
   * @return {@code {"id", "correlation_id"}}
   * @throws ApiException with {@link ApiException#fields()} when the spec is refused
   */
  public JsonObject submit(byte[] spec, String contentType) {
    // One correlation id for every attempt: the manager takes a submit sent again with the same
    // id and spec as the first, so a retry after a 503 (a busy API, or a manager slow to answer
    // one that it may have accepted) never makes a second job.
    String correlationId = UUID.randomUUID().toString();
    for (int attempt = 1; ; attempt++) {
      Answer answer = open("POST", "v1/jobs", true, spec, contentType, correlationId);
      if (answer.status() != 503 || attempt == SUBMIT_ATTEMPTS) {
        return read(answer, "POST", "v1/jobs");
      }
      try (InputStream unread = answer.body()) {
        unread.readAllBytes();
        Thread.sleep(answer.retryAfter().toMillis());
      } catch (IOException e) {
        // the next attempt says whether the API is there
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return read(answer, "POST", "v1/jobs");
      }
    }
  }

  /**
   * Jobs, all or those in one state ({@code GET /v1/jobs[?state=S]}).
   *
   * @param state pending, running, complete, failed or stopped; null for every job
   * @return {@code {"correlation_id", "jobs": [...]}}
   */
  public JsonObject jobs(String state) {
    return get(state == null ? "v1/jobs" : "v1/jobs?state=" + query(state));
  }

  /** One job ({@code GET /v1/jobs/{id}}): the job, with the call's "correlation_id" added. */
  public JsonObject job(String jobId) {
    return jobOf(get(jobPath(jobId)));
  }

  /**
   * Stops a job ({@code DELETE /v1/jobs/{id}}): its instances get SIGTERM, then SIGKILL after
   * the job's kill timeout.
   *
   * @return the job as the stop left it, with the call's "correlation_id" added
   */
  public JsonObject stop(String jobId) {
    return jobOf(call("DELETE", jobPath(jobId), null, null));
  }

  /**
   * Copies one instance's output to {@code sink} as it arrives ({@code GET
   * /v1/jobs/{id}/logs}), flushing after every read. When following, only connecting is
   * timed: the call returns once the instance has ended for good.
   *
   * @param stream stdout or stderr
   * @param tail only the last this many lines; 0 for all
   */
  public void logs(String jobId, String stream, int instance, int tail, boolean follow,
      OutputStream sink) {
    String path = jobPath(jobId) + "/logs?stream=" + query(stream) + "&instance=" + instance
        + "&tail=" + tail + "&follow=" + follow;
    copy(path, !follow, sink, "the output of job " + jobId);
  }

  /** Every log line and span of one correlation id, from every node ({@code GET /v1/traces}). */
  public JsonObject trace(String correlationId) {
    return get("v1/traces/" + query(correlationId));
  }

  /** The recent events passing the filter ({@code GET /v1/events?follow=false}). */
  public JsonObject recentEvents(List<String> types, String jobId) {
    return get("v1/events?follow=false" + eventFilter(types, jobId));
  }

  /**
   * Copies the event stream to {@code sink}, one JSON object per line, until the connection
   * ends; only connecting is timed.
   */
  public void events(List<String> types, String jobId, OutputStream sink) {
    copy("v1/events?follow=true" + eventFilter(types, jobId), false, sink, "the event stream");
  }

  private static String eventFilter(List<String> types, String jobId) {
    StringBuilder query = new StringBuilder();
    for (String type : types) {
      query.append("&type=").append(query(type));
    }
    if (jobId != null) {
      query.append("&job=").append(query(jobId));
    }
    return query.toString();
  }

  /** Copies a streamed answer to {@code sink} as it arrives, flushing after every read. */
  private void copy(String path, boolean timed, OutputStream sink, String what) {
    Answer answer = open("GET", path, timed, null, null, null);
    try (InputStream body = answer.body()) {
      if (!answer.succeeded()) {
        throw failure(answer.status(), body.readAllBytes(), answer.correlationId());
      }
      byte[] buffer = new byte[COPY_BUFFER_BYTES];
      for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
        sink.write(buffer, 0, read);
        sink.flush();
      }
    } catch (IOException e) {
      throw new ApiException(answer.status(), "STREAM_BROKEN",
          what + " broke off (" + describe(e) + ")", answer.correlationId(), e);
    }
  }

  /** {@code GET path}; the body of a 2xx answer, with its correlation id as "correlation_id". */
  public JsonObject get(String path) {
    return call("GET", path, null, null);
  }

  /** Sends a request whose answer is JSON; the body of a 2xx answer, or an ApiException. */
  private JsonObject call(String method, String path, byte[] content, String contentType) {
    return read(open(method, path, true, content, contentType, null), method, path);
  }

  /** The JSON body of a 2xx answer, with its correlation id; the error of any other. */
  private static JsonObject read(Answer answer, String method, String path) {
    byte[] bytes;
    try (InputStream body = answer.body()) {
      bytes = body.readAllBytes();
    } catch (IOException e) {
      throw new ApiException(answer.status(), "STREAM_BROKEN", "the answer to " + method + " "
          + path + " broke off (" + describe(e) + ")", answer.correlationId(), e);
    }
    if (!answer.succeeded()) {
      throw failure(answer.status(), bytes, answer.correlationId());
    }
    JsonObject body = parse(bytes);
    if (body == null) {
      throw new ApiException(answer.status(), "BAD_RESPONSE",
          "the API answered HTTP " + answer.status() + " with a body that is not JSON",
          answer.correlationId(), null);
    }
    if (!body.containsKey("correlation_id")) {
      body.put("correlation_id", answer.correlationId());
    }
    return body;
  }

  /** An answer whose body is still to be read. */
  private record Answer(int status, String correlationId, Duration retryAfter, InputStream body) {
    boolean succeeded() {
      return status / 100 == 2;
    }
  }

  /** A {@code Retry-After} of seconds, bounded; 1 s when absent or not a number of seconds. */
  private static Duration retryAfter(String header) {
    try {
      return Duration.ofSeconds(Math.min(Math.max(Long.parseLong(header.trim()), 0),
          MAX_RETRY_AFTER.toSeconds()));
    } catch (RuntimeException e) {
      return Duration.ofSeconds(1);
    }
  }

  /**
   * Sends a request and waits for the answer's head. A timed request fails when the connection
   * or any read takes longer than the timeout; an untimed one (a followed stream) only limits
   * connecting.
   */
  private Answer open(String method, String path, boolean timed, byte[] content,
      String contentType, String correlationId) {
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
      return new Answer(status, answered == null ? "" : answered,
          retryAfter(connection.getHeaderField("Retry-After")),
          body == null ? InputStream.nullInputStream() : body);
    } catch (IOException e) {
      throw new ApiException(0, "UNREACHABLE", "cannot reach the SnowFox API at " + base
          + " (" + describe(e) + "): is a node running?", "", e);
    }
  }

  /** The error an answer that is not 2xx stands for, read from its body when that is JSON. */
  private static ApiException failure(int status, byte[] body, String correlationId) {
    JsonObject error = parse(body);
    if (error == null) {
      error = new JsonObject();
    }
    List<String> fields = new ArrayList<>();
    JsonArray problems = error.getValue("fields") instanceof JsonArray array ? array
        : new JsonArray();
    for (int i = 0; i < problems.size(); i++) {
      fields.add(String.valueOf(problems.getValue(i)));
    }
    return new ApiException(status, error.getString("error", "HTTP_" + status),
        error.getString("message", "the API answered HTTP " + status),
        error.getString("correlation_id", correlationId), fields, null);
  }

  /** The JSON object in {@code body}, or null when it is not one. */
  private static JsonObject parse(byte[] body) {
    try {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static JsonObject jobOf(JsonObject answer) {
    return answer.getJsonObject("job", new JsonObject())
        .put("correlation_id", answer.getString("correlation_id"));
  }

  private static String nodePath(String nodeId) {
    return "v1/nodes/" + segment(nodeId);
  }

  private static String jobPath(String jobId) {
    return "v1/jobs/" + segment(jobId);
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
