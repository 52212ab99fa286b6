package io.snowfox.bench;

import io.snowfox.client.ApiCall;
import io.snowfox.client.ApiException;
import io.snowfox.client.ClientOptions;
import io.snowfox.client.Event;
import io.snowfox.client.EventFilter;
import io.snowfox.client.Job;
import io.snowfox.client.Node;
import io.snowfox.client.SnowfoxClient;
import io.snowfox.client.SubmitAnswer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /v1/jobs} calls the job benchmarks make, the {@code /v1/nodes} look of the
 * cluster ones and the events of the node-loss one, through the Java client as any program
 * would make them. Each call is sent once: a 503 is a failure here, not something to wait out
 * (the burst series does its own waiting, and counts it). A failed call is a {@link Failure},
 * an IOException, as the benchmarks treat every failure to get an answer.
 */
final class JobsApi {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final SnowfoxClient client;

  /** Calls the API at {@code base} with the management token of the node whose data is there. */
  JobsApi(URI base, Path dataDir) throws IOException {
    this(base, dataDir, REQUEST_TIMEOUT);
  }

  /** As the constructor above, giving up each request after {@code timeout}. */
  JobsApi(URI base, Path dataDir, Duration timeout) throws IOException {
    String token = io.snowfox.runtime.security.ManagementToken.read(dataDir)
        .orElseThrow(() -> new IOException("no management token in " + dataDir));
    this.client = new SnowfoxClient(new ClientOptions(base.toString(), timeout, token));
  }

  /** A call that failed: the API's error, or no answer; {@link #kind()} says which. */
  static final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient ApiException error;

    Failure(String call, ApiException error) {
      super(call + (error.httpStatus() == 0 ? " failed: " : " answered " + error.httpStatus()
          + " " + error.code() + ": ") + error.getMessage()
          + (error.correlationId().isEmpty() ? "" : " (correlation id "
              + error.correlationId() + ")"), error);
      this.error = error;
    }

    ApiException error() {
      return error;
    }

    /** "timeout", the HTTP status, or the kind of connection error (ConnectException, ...). */
    String kind() {
      if (error.code().equals(ApiException.TIMEOUT)) {
        return "timeout";
      }
      if (error.httpStatus() > 0) {
        return Integer.toString(error.httpStatus());
      }
      return error.getCause() == null ? error.code() : error.getCause().getClass().getSimpleName();
    }
  }

  /** A spec: {@code {"name", "command", "args"}}, every other field left to its default. */
  static JsonObject spec(String name, String command, String... args) {
    return new JsonObject().put("name", name).put("command", command)
        .put("args", new JsonArray(List.of((Object[]) args)));
  }

  /** {@code POST /v1/jobs}; the new job's id. */
  String submit(JsonObject spec) throws IOException {
    return post(spec, null).id();
  }

  /**
   * {@code POST /v1/jobs} once, with {@code correlationId} in {@code X-Correlation-Id} when not
   * null (the API and the manager then know a re-sent submit as the same one).
   */
  SubmitAnswer post(JsonObject spec, String correlationId) throws IOException {
    ApiCall<SubmitAnswer> call = ApiCall.submitJob(spec.encode().getBytes(StandardCharsets.UTF_8),
        SnowfoxClient.JSON).withAttempts(1);
    return call(correlationId == null ? call : call.withCorrelationId(correlationId));
  }

  /** {@code GET /v1/jobs/{id}}. */
  Job job(String id) throws IOException {
    return call(ApiCall.getJob(id)).job();
  }

  /** {@code GET /v1/nodes}: every node the cluster knows, as this node's API sees them. */
  List<Node> nodes() throws IOException {
    return call(ApiCall.listNodes()).nodes();
  }

  /** {@code GET /v1/events?follow=false}: the recent events the API server kept. */
  List<Event> recentEvents(EventFilter filter) throws IOException {
    return call(ApiCall.recentEvents(filter)).events();
  }

  /** {@code DELETE /v1/jobs/{id}}. */
  void stop(String id) throws IOException {
    call(ApiCall.stopJob(id));
  }

  /**
   * {@code GET /v1/jobs?state=...}, every page: the jobs in that state; every job when state
   * is null.
   */
  List<Job> jobs(String state) throws IOException {
    try {
      return client.listJobs(state).jobs();
    } catch (ApiException e) {
      throw new Failure("GET /v1/jobs" + (state == null ? "" : "?state=" + state), e);
    }
  }

  /** The ids of the jobs in that state. */
  Set<String> ids(String state) throws IOException {
    Set<String> ids = new HashSet<>();
    jobs(state).forEach(job -> ids.add(job.id()));
    return ids;
  }

  /** The ids of the jobs pending or running. */
  Set<String> activeIds() throws IOException {
    // Pending first: a job may go on to running between the two looks, never back.
    Set<String> active = ids(Job.PENDING);
    active.addAll(ids(Job.RUNNING));
    return active;
  }

  /**
   * Jobs of {@code spec} as the units of a closed loop: a unit begins with its POST and has
   * ended once the job is neither pending nor running; it succeeded unless it failed.
   * {@code submitted} collects the id of every job submitted.
   */
  ClosedLoop.Polled units(JsonObject spec, Set<String> submitted) {
    return new ClosedLoop.Polled() {
      @Override
      public String begin(int client) throws Exception {
        String id = submit(spec);
        submitted.add(id);
        return id;
      }

      @Override
      public Map<String, Boolean> ended(Set<String> keys) throws Exception {
        Set<String> active = activeIds();
        Map<String, Boolean> ended = new HashMap<>();
        keys.stream().filter(k -> !active.contains(k)).forEach(k -> ended.put(k, true));
        if (!ended.isEmpty()) {
          // An ended job no longer changes state: the failed list tells them apart.
          Set<String> failed = ids(Job.FAILED);
          ended.replaceAll((k, ok) -> !failed.contains(k));
        }
        return ended;
      }
    };
  }

  /** The state of a job's first instance. */
  static String instanceState(Job job) {
    return job.instances().isEmpty() ? "" : job.instances().get(0).state();
  }

  private <T> T call(ApiCall<T> call) throws Failure {
    try {
      return client.send(call);
    } catch (ApiException e) {
      throw new Failure(call.toString(), e);
    }
  }
}
