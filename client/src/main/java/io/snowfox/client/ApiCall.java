package io.snowfox.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One request of the public API and the record its answer is read into: what
 * {@link SnowfoxClient#send} and {@link SnowfoxClient#exchange} send. The factories are named
 * after the operations of the API's OpenAPI document ({@code GET /v1/openapi.json}).
 *
 * <p>A call is a value: sending the same call again is sending the same request again. A job
 * submit carries its correlation id from the moment it is made, so a submit sent twice (after
 * a 503, or by a caller that is not sure the first arrived) makes one job.
 *
 * @param <T> the record the answer is read into
 */
public final class ApiCall<T> {

  /** Sends of one submit the API answers 503 (busy, or the manager slow to answer). */
  public static final int SUBMIT_ATTEMPTS = 5;

  private final String method;
  private final String path;
  private final byte[] body;
  private final String contentType;
  private final Class<T> answerType;
  private final String correlationId;
  private final int attempts;

  private ApiCall(String method, String path, byte[] body, String contentType,
      Class<T> answerType, String correlationId, int attempts) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.body = body == null ? null : body.clone();
    this.contentType = contentType;
    this.answerType = Objects.requireNonNull(answerType, "answerType");
    this.correlationId = correlationId;
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be 1 or more: " + attempts);
    }
    this.attempts = attempts;
  }

  /**
   * Any request: {@code path} is relative to the API's base URL ({@code v1/jobs}), and the
   * answer, a JSON object, is read into {@code answerType}. For an operation this client does
   * not know yet.
   */
  public static <T> ApiCall<T> of(String method, String path, Class<T> answerType) {
    return new ApiCall<>(method, path, null, null, answerType, null, 1);
  }

  /** {@code POST /v1/jobs}: submits a job spec, {@link SnowfoxClient#JSON} or YAML. */
  public static ApiCall<SubmitAnswer> submitJob(byte[] spec, String contentType) {
    Objects.requireNonNull(spec, "spec");
    return new ApiCall<>("POST", "v1/jobs", spec, Objects.requireNonNull(contentType),
        SubmitAnswer.class, UUID.randomUUID().toString(), SUBMIT_ATTEMPTS);
  }

  /**
   * {@code GET /v1/jobs[?state=S]}: the first page of the jobs (as many as the API gives at
   * most), or of those in one {@link Job} state (null: all).
   */
  public static ApiCall<JobList> listJobs(String state) {
    return listJobs(state, 0, null);
  }

  /**
   * {@code GET /v1/jobs?state=S&limit=N&after=C}: a page of at most {@code limit} jobs (0: as
   * many as the API gives at most, 1000), after the cursor {@code after} (the {@link
   * JobList#next()} of the page before; null: the first page), of those in one {@link Job}
   * state (null: all).
   */
  public static ApiCall<JobList> listJobs(String state, int limit, String after) {
    List<String> parameters = new ArrayList<>();
    if (state != null) {
      parameters.add("state=" + query(state));
    }
    if (limit > 0) {
      parameters.add("limit=" + limit);
    }
    if (after != null) {
      parameters.add("after=" + query(after));
    }
    return of("GET", parameters.isEmpty() ? "v1/jobs" : "v1/jobs?" + String.join("&",
        parameters), JobList.class);
  }

  /** {@code GET /v1/jobs/{id}}. */
  public static ApiCall<JobAnswer> getJob(String jobId) {
    return of("GET", jobPath(jobId), JobAnswer.class);
  }

  /** {@code DELETE /v1/jobs/{id}}: SIGTERM to every instance, SIGKILL after the kill timeout. */
  public static ApiCall<JobAnswer> stopJob(String jobId) {
    return of("DELETE", jobPath(jobId), JobAnswer.class);
  }

  /** {@code GET /v1/nodes}. */
  public static ApiCall<NodeList> listNodes() {
    return of("GET", "v1/nodes", NodeList.class);
  }

  /** {@code GET /v1/nodes/{id}}. */
  public static ApiCall<NodeAnswer> getNode(String nodeId) {
    return of("GET", nodePath(nodeId), NodeAnswer.class);
  }

  /** {@code DELETE /v1/nodes/{id}}: forgets a node that is gone for good. */
  public static ApiCall<ForgetAnswer> forgetNode(String nodeId) {
    return of("DELETE", nodePath(nodeId), ForgetAnswer.class);
  }

  /** {@code POST /v1/nodes/{id}/drain}. */
  public static ApiCall<DrainAnswer> drainNode(String nodeId) {
    return new ApiCall<>("POST", nodePath(nodeId) + "/drain", new byte[0],
        SnowfoxClient.JSON, DrainAnswer.class, null, 1);
  }

  /** {@code DELETE /v1/nodes/{id}/drain}. */
  public static ApiCall<DrainAnswer> undrainNode(String nodeId) {
    return of("DELETE", nodePath(nodeId) + "/drain", DrainAnswer.class);
  }

  /**
   * {@code POST /v1/tokens}: a new token (management tokens only).
   *
   * @param namespace the namespace it acts in; null for a management token
   * @param role one of {@link Token#ROLES}
   * @param description who or what it is for; null for none
   */
  public static ApiCall<CreatedToken> createToken(String namespace, String role,
      String description) {
    Map<String, String> request = new LinkedHashMap<>();
    request.put("role", role);
    if (namespace != null) {
      request.put("namespace", namespace);
    }
    if (description != null) {
      request.put("description", description);
    }
    byte[] body = Json.write(request);
    return new ApiCall<>("POST", "v1/tokens", body, SnowfoxClient.JSON, CreatedToken.class,
        null, 1);
  }

  /** {@code GET /v1/tokens}: every token that is not revoked. */
  public static ApiCall<TokenList> listTokens() {
    return of("GET", "v1/tokens", TokenList.class);
  }

  /** {@code DELETE /v1/tokens/{id}}: revokes a token on every node at once. */
  public static ApiCall<RevokedToken> revokeToken(String tokenId) {
    return of("DELETE", "v1/tokens/" + segment(tokenId), RevokedToken.class);
  }

  /** {@code GET /v1/traces/{id}}: every log line and span of one correlation id. */
  public static ApiCall<Trace> getTrace(String correlationId) {
    return of("GET", "v1/traces/" + segment(correlationId), Trace.class);
  }

  /** {@code GET /v1/events?follow=false}: the recent events the API server kept. */
  public static ApiCall<EventList> recentEvents(EventFilter filter) {
    return of("GET", "v1/events?follow=false" + filter.query(), EventList.class);
  }

  /** This call with its {@code X-Correlation-Id} chosen by the caller. */
  public ApiCall<T> withCorrelationId(String correlationId) {
    return new ApiCall<>(method, path, body, contentType, answerType, correlationId, attempts);
  }

  /**
   * This call sent at most {@code attempts} times while the API answers 503, each after the
   * answer's {@code Retry-After}; 1 sends it once whatever the answer.
   */
  public ApiCall<T> withAttempts(int attempts) {
    return new ApiCall<>(method, path, body, contentType, answerType, correlationId, attempts);
  }

  public String method() {
    return method;
  }

  /** The path and query, relative to the API's base URL. */
  public String path() {
    return path;
  }

  /** The request body; null for none. */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  /** The media type of the body; null without one. */
  public String contentType() {
    return contentType;
  }

  public Class<T> answerType() {
    return answerType;
  }

  /** The {@code X-Correlation-Id} sent; null to let the API make one. */
  public String correlationId() {
    return correlationId;
  }

  /** At most how many sends while the API answers 503. */
  public int attempts() {
    return attempts;
  }

  byte[] bodyBytes() {
    return body;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ApiCall<?> call && method.equals(call.method)
        && path.equals(call.path) && Arrays.equals(body, call.body)
        && Objects.equals(contentType, call.contentType) && answerType.equals(call.answerType)
        && Objects.equals(correlationId, call.correlationId) && attempts == call.attempts;
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, Arrays.hashCode(body), contentType, answerType,
        correlationId, attempts);
  }

  @Override
  public String toString() {
    return method + " /" + path;
  }

  private static String jobPath(String jobId) {
    return "v1/jobs/" + segment(jobId);
  }

  private static String nodePath(String nodeId) {
    return "v1/nodes/" + segment(nodeId);
  }

  /** A path segment: everything but unreserved characters escaped, spaces as %20. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
