package io.snowfox.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Java client of the SnowFox public API: one HTTP call per method, no cluster membership,
 * answers read into immutable records. Thread-safe; one client may serve many threads.
 *
 * <pre>{@code
 * SnowfoxClient client = new SnowfoxClient(ClientOptions.defaults().withToken(token));
 * SubmitAnswer submitted = client.submitJob(spec, SnowfoxClient.YAML);
 * Job job = client.getJob(submitted.id()).job();
 * }</pre>
 *
 * <p>Every call may fail with an {@link ApiException} that carries the HTTP status, the error
 * code of the answer, its message and its correlation id.
 */
public final class SnowfoxClient {

  /** The header carrying the correlation id, both ways. */
  public static final String CORRELATION_HEADER = Http.CORRELATION_HEADER;
  /** Media type of a job spec written in JSON. */
  public static final String JSON = "application/json";
  /** Media type of a job spec written in YAML. */
  public static final String YAML = "application/yaml";
  /** The longest wait between two sends of a call answered 503, whatever it asks. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(10);
  /** The wait between two sends of a call answered 503 without {@code Retry-After}. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  private static final int COPY_BUFFER_BYTES = 8192;

  private final Http http;

  public SnowfoxClient(ClientOptions options) {
    this.http = new Http(options);
  }

  /** A client of the API at {@code url} presenting {@code token}; null for none. */
  public SnowfoxClient(String url, Duration timeout, String token) {
    this(new ClientOptions(url, timeout, token));
  }

  /** Sends {@code call}; its answer as its record. */
  public <T> T send(ApiCall<T> call) {
    return exchange(call).value();
  }

  /**
   * Sends {@code call}; its answer as its record and as the API wrote it. A call answered 503
   * is sent again after the answer's {@code Retry-After} (at most {@link #MAX_RETRY_AFTER}),
   * up to {@link ApiCall#attempts()} sends, all with the call's correlation id.
   *
   * @throws ApiException when the API answers with an error, cannot be reached, or answers
   *     with a body that is not the JSON object the call expects
   */
  public <T> Answer<T> exchange(ApiCall<T> call) {
    for (int attempt = 1; ; attempt++) {
      Http.Response response = http.open(call.method(), call.path(), true, call.bodyBytes(),
          call.contentType(), call.correlationId());
      if (response.status() != 503 || attempt >= call.attempts()) {
        return read(response, call);
      }
      try (InputStream unread = response.body()) {
        unread.readAllBytes();
        Thread.sleep(wait(response).toMillis());
      } catch (IOException e) {
        // the next attempt says whether the API is there
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return read(response, call);
      }
    }
  }

  /** {@code POST /v1/jobs}: submits a job spec, {@link #JSON} or {@link #YAML}. */
  public SubmitAnswer submitJob(byte[] spec, String contentType) {
    return send(ApiCall.submitJob(spec, contentType));
  }

  /**
   * Every job, or those in one state ({@link Job#PENDING}, ...; null for all), in the order they
   * were submitted: the pages of the listing, asked for one after the other, as one list. Its
   * correlation id is the first page's; a job submitted meanwhile may be in it or not.
   */
  public JobList listJobs(String state) {
    JobList page = send(ApiCall.listJobs(state));
    if (!page.hasNext()) {
      return page;
    }
    List<Job> jobs = new ArrayList<>(page.jobs());
    String correlationId = page.correlationId();
    while (page.hasNext()) {
      page = send(ApiCall.listJobs(state, 0, page.next()));
      jobs.addAll(page.jobs());
    }
    return new JobList(correlationId, jobs, null);
  }

  /** One page of the jobs: see {@link ApiCall#listJobs(String, int, String)}. */
  public JobList listJobs(String state, int limit, String after) {
    return send(ApiCall.listJobs(state, limit, after));
  }

  public JobAnswer getJob(String jobId) {
    return send(ApiCall.getJob(jobId));
  }

  /** Stops a job: its instances get SIGTERM, then SIGKILL after the job's kill timeout. */
  public JobAnswer stopJob(String jobId) {
    return send(ApiCall.stopJob(jobId));
  }

  public NodeList listNodes() {
    return send(ApiCall.listNodes());
  }

  public NodeAnswer getNode(String nodeId) {
    return send(ApiCall.getNode(nodeId));
  }

  /**
   * Starts draining a node (an operate token): the leading manager places no new instance
   * there and moves its running ones to other nodes. Draining a draining node changes nothing.
   */
  public DrainAnswer drainNode(String nodeId) {
    return send(ApiCall.drainNode(nodeId));
  }

  /** Ends a node's drain (an operate token): it takes new instances again. */
  public DrainAnswer undrainNode(String nodeId) {
    return send(ApiCall.undrainNode(nodeId));
  }

  /** Forgets a node that is gone for good: no longer listed nor counted for a majority. */
  public ForgetAnswer forgetNode(String nodeId) {
    return send(ApiCall.forgetNode(nodeId));
  }

  /** A new token (a management token); its secret is in the answer only. */
  public CreatedToken createToken(String namespace, String role, String description) {
    return send(ApiCall.createToken(namespace, role, description));
  }

  public TokenList listTokens() {
    return send(ApiCall.listTokens());
  }

  public RevokedToken revokeToken(String tokenId) {
    return send(ApiCall.revokeToken(tokenId));
  }

  /** Every log line and span of one correlation id, from every node. */
  public Trace getTrace(String correlationId) {
    return send(ApiCall.getTrace(correlationId));
  }

  /** The recent events the API server kept that pass the filter, oldest first. */
  public EventList recentEvents(EventFilter filter) {
    return send(ApiCall.recentEvents(filter));
  }

  /**
   * Hands each event that passes the filter to {@code handler} as it happens, until the
   * connection ends; only connecting is timed.
   */
  public void followEvents(EventFilter filter, Consumer<Event> handler) {
    String path = "v1/events?follow=true" + filter.query();
    Http.Response response = http.open("GET", path, false, null, null, null);
    try (InputStream body = response.body()) {
      failUnlessSucceeded(response, body);
      BufferedReader lines = new BufferedReader(new InputStreamReader(body,
          StandardCharsets.UTF_8));
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.isBlank()) {
          handler.accept(value(line.getBytes(StandardCharsets.UTF_8), response, Event.class,
              "GET /" + path));
        }
      }
    } catch (IOException e) {
      throw broken(response, "the event stream", e);
    }
  }

  /**
   * Copies the event stream to {@code sink} as the API writes it, one JSON object per line,
   * until the connection ends; only connecting is timed.
   */
  public void followEvents(EventFilter filter, OutputStream sink) {
    copy("v1/events?follow=true" + filter.query(), false, sink, "the event stream");
  }

  /**
   * Copies one instance's output to {@code sink} as it arrives ({@code GET
   * /v1/jobs/{id}/logs}), flushing after every read. When following, only connecting is
   * timed: the call returns once the instance has ended for good.
   *
   * @param stream stdout or stderr
   * @param tail only the last this many lines; 0 for all
   */
  public void jobLogs(String jobId, String stream, int instance, int tail, boolean follow,
      OutputStream sink) {
    String path = "v1/jobs/" + ApiCall.segment(jobId) + "/logs?stream=" + ApiCall.query(stream)
        + "&instance=" + instance + "&tail=" + tail + "&follow=" + follow;
    copy(path, !follow, sink, "the output of job " + jobId);
  }

  /** Copies a streamed answer to {@code sink} as it arrives, flushing after every read. */
  private void copy(String path, boolean timed, OutputStream sink, String what) {
    Http.Response response = http.open("GET", path, timed, null, null, null);
    try (InputStream body = response.body()) {
      failUnlessSucceeded(response, body);
      byte[] buffer = new byte[COPY_BUFFER_BYTES];
      for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
        sink.write(buffer, 0, read);
        sink.flush();
      }
    } catch (IOException e) {
      throw broken(response, what, e);
    }
  }

  private static void failUnlessSucceeded(Http.Response response, InputStream body)
      throws IOException {
    if (!response.succeeded()) {
      throw failure(response, body.readAllBytes());
    }
  }

  /** The answer of a 2xx, read into the call's record; the error of any other. */
  private static <T> Answer<T> read(Http.Response response, ApiCall<T> call) {
    byte[] bytes;
    try (InputStream body = response.body()) {
      bytes = body.readAllBytes();
    } catch (IOException e) {
      throw broken(response, "the answer to " + call, e);
    }
    if (!response.succeeded()) {
      throw failure(response, bytes);
    }
    T value = value(bytes, response, call.answerType(), call.toString());
    return new Answer<>(value, new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * A 2xx body read into {@code type}. The correlation id of the answer's header stands in
   * for one the body lacks.
   */
  private static <T> T value(byte[] bytes, Http.Response response, Class<T> type, String what) {
    ObjectNode json = Json.object(bytes);
    if (json == null) {
      throw new ApiException(response.status(), ApiException.BAD_RESPONSE, "the API answered "
          + what + " with HTTP " + response.status() + " and a body that is not a JSON object",
          response.correlationId(), null);
    }
    if (!json.has("correlation_id") && !response.correlationId().isEmpty()) {
      json.put("correlation_id", response.correlationId());
    }
    try {
      return Json.read(json, type);
    } catch (IllegalArgumentException e) {
      throw new ApiException(response.status(), ApiException.BAD_RESPONSE, "the API answered "
          + what + " with JSON that is " + e.getMessage(), response.correlationId(), e);
    }
  }

  /** The error an answer that is not 2xx stands for, read from its body when that is JSON. */
  private static ApiException failure(Http.Response response, byte[] body) {
    int status = response.status();
    ObjectNode error = Json.object(body);
    if (error == null) {
      error = Json.MAPPER.createObjectNode();
    }
    List<String> fields = new ArrayList<>();
    JsonNode problems = error.path("fields");
    if (problems.isArray()) {
      problems.forEach(problem -> fields.add(problem.asText()));
    }
    return new ApiException(status, text(error, "error", "HTTP_" + status),
        text(error, "message", "the API answered HTTP " + status),
        text(error, "correlation_id", response.correlationId()), fields,
        response.retryAfter(), null);
  }

  private static String text(ObjectNode json, String field, String otherwise) {
    JsonNode value = json.get(field);
    return value != null && value.isTextual() ? value.asText() : otherwise;
  }

  private static ApiException broken(Http.Response response, String what, IOException e) {
    return new ApiException(response.status(), ApiException.STREAM_BROKEN,
        what + " broke off (" + Http.describe(e) + ")", response.correlationId(), e);
  }

  /** How long to wait before sending a call answered 503 again. */
  private static Duration wait(Http.Response response) {
    Duration asked = response.retryAfter().orElse(DEFAULT_RETRY_AFTER);
    return asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
  }
}
