package io.snowfox.api.jobs;

import io.snowfox.api.auth.Access;
import io.snowfox.api.auth.AuthHandler;
import io.snowfox.api.auth.BrowserGuard;
import io.snowfox.api.auth.RequestLimits;
import io.snowfox.api.http.ApiErrors;
import io.snowfox.api.http.CorrelationHandler;
import io.snowfox.api.http.ManagerRequests;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.api.http.Responses;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.GetJobRequest;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.ListJobsRequest;
import io.snowfox.protocol.v1.ListJobsResponse;
import io.snowfox.protocol.v1.LogChunk;
import io.snowfox.protocol.v1.LogStream;
import io.snowfox.protocol.v1.ReadLogs;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StopJobRequest;
import io.snowfox.protocol.v1.SubmitJobRequest;
import io.snowfox.protocol.v1.SubmitJobResponse;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/jobs}: submit, list, inspect and stop jobs, and read their output. Every call is
 * answered by a manager ({@link Addresses#JOBS}); output comes from the spawner of the node an
 * instance runs on.
 */
public final class JobEndpoint {

  /** Largest spec accepted; a bigger body gets 413. */
  public static final long MAX_BODY_BYTES = JobSpecParser.MAX_SPEC_BYTES;
  /** How often a followed output is polled for more. */
  public static final Duration FOLLOW_INTERVAL = Duration.ofMillis(200);

  private static final Logger log = LoggerFactory.getLogger(JobEndpoint.class);

  private static final long RETRY_AFTER_SECONDS = ManagerRequests.RETRY_AFTER_SECONDS;

  private final RoleContext context;
  private final ManagerRequests manager;
  private final RequestLimits limits;
  private final SubmitLimit submits;

  public JobEndpoint(RoleContext context, RequestLimits limits, SubmitLimit submits) {
    this.context = context;
    this.manager = new ManagerRequests(context);
    this.limits = limits;
    this.submits = submits;
  }

  public void mount(Router router) {
    // Its own route: Vert.x wants the body handler first on a route.
    router.post("/v1/jobs").handler(BrowserGuard.requireBodyType());
    router.post("/v1/jobs").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::submit);
    router.get("/v1/jobs").handler(this::list);
    router.get("/v1/jobs/:id").handler(this::get);
    router.delete("/v1/jobs/:id").handler(this::stop);
    router.get("/v1/jobs/:id/logs").handler(this::logs);
  }

  private void submit(RoutingContext ctx) {
    String type = BrowserGuard.mediaType(ctx.request().getHeader("Content-Type"));
    JobSpec spec;
    try {
      switch (type) {
        case "application/json":
          spec = JobSpecParser.parseJson(ctx.body().buffer() == null ? new byte[0]
              : ctx.body().buffer().getBytes());
          break;
        case "application/yaml":
        case "application/x-yaml":
        case "text/yaml":
        case "text/x-yaml":
          spec = JobSpecParser.parseYaml(ctx.body().buffer() == null ? new byte[0]
              : ctx.body().buffer().getBytes());
          break;
        default:
          ApiErrors.send(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "a job spec is sent as "
              + "application/json or application/yaml, not " + type);
          return;
      }
    } catch (JobSpecParser.InvalidSpecException e) {
      ApiErrors.badSpec(ctx, e.getMessage(), e.problems());
      return;
    }
    Access access = AuthHandler.access(ctx);
    if (spec.getNamespace().isEmpty() && !access.namespace().equals(Namespaces.ALL)) {
      // A namespace's token submits into its namespace unless the spec says otherwise.
      spec = spec.toBuilder().setNamespace(access.namespace()).build();
    }
    if (!access.covers(Namespaces.ofJob(spec.getNamespace()))) {
      ApiErrors.send(ctx, 403, "FORBIDDEN", "a token of namespace '" + access.namespace()
          + "' may not submit jobs to namespace '" + spec.getNamespace() + "'");
      return;
    }
    RequestLimits.Permit permit = submits.tryAdmit();
    if (permit == null) {
      ApiErrors.unavailable(ctx, RETRY_AFTER_SECONDS, "this API server has " + submits.max()
          + " submits waiting for the manager already; nothing was submitted; try again in "
          + RETRY_AFTER_SECONDS + " s");
      return;
    }
    manager.ask(SubmitJobRequest.newBuilder().setSpec(spec).build(), SubmitJobResponse.class)
        .onComplete(done -> permit.close())
        .onSuccess(answer -> {
          log.info("job {} submitted", answer.getJobId());
          ctx.response()
              .setStatusCode(201)
              .putHeader("Location", "/v1/jobs/" + answer.getJobId());
          Responses.json(ctx, new JsonObject()
              .put("id", answer.getJobId())
              .put("correlation_id", Correlation.id()));
        })
        .onFailure(failure -> {
          if (failure instanceof StatusException status
              && status.code() == StatusCode.STATUS_CODE_BAD_REQUEST) {
            ApiErrors.badSpec(ctx, status.getMessage(),
                java.util.List.of(status.detail().split("\n")));
          } else if (failure instanceof StatusException status
              && status.code() == StatusCode.STATUS_CODE_TIMEOUT) {
            // Unlike other calls, a submit is safe to send again: the manager knows a submit by
            // its correlation id and answers a second one with the job the first created.
            ApiErrors.unavailable(ctx, RETRY_AFTER_SECONDS, status.getMessage() + "; the job "
                + "may have been accepted: send the same request again with "
                + CorrelationHandler.HEADER + ": " + Correlation.id() + " and it "
                + "answers with that job rather than creating another");
          } else {
            ManagerRequests.fail(ctx, failure);
          }
        });
  }

  /**
   * One page of the jobs, {@code oldest} (by default) or {@code newest} first: {@code limit} of
   * them at most (the manager's bound when absent), after the cursor {@code after}; the answer's
   * {@code next} is the cursor of the page that follows.
   * The manager checks the limit's bound and the cursor.
   */
  private void list(RoutingContext ctx) {
    ListJobsRequest.Builder request = ListJobsRequest.newBuilder();
    String state = ctx.queryParams().get("state");
    String after = ctx.queryParams().get("after");
    try {
      if (state != null) {
        request.setState(JobViews.parseState(state));
      }
      String order = ctx.queryParams().get("order");
      if (order != null && !order.equals("oldest") && !order.equals("newest")) {
        throw new IllegalArgumentException("order: must be oldest or newest");
      }
      request.setNewestFirst("newest".equals(order));
      String limit = ctx.queryParams().get("limit");
      if (limit != null) {
        request.setLimit(pageLimit(limit));
      }
      if (after != null && after.isEmpty()) {
        throw new IllegalArgumentException("after: must be the \"next\" of an earlier answer");
      }
      if (after != null) {
        request.setAfter(after);
      }
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", e.getMessage());
      return;
    }
    manager.ask(request.build(), ListJobsResponse.class).onSuccess(answer -> {
      JsonArray jobs = new JsonArray();
      answer.getJobsList().forEach(job -> jobs.add(JobViews.job(job)));
      JsonObject page = new JsonObject().put("correlation_id", Correlation.id()).put("jobs", jobs);
      if (!answer.getNext().isEmpty()) {
        page.put("next", answer.getNext());
      }
      Responses.json(ctx, page);
    }).onFailure(failure -> ManagerRequests.fail(ctx, failure));
  }

  /** A page's {@code limit}: a whole number of at least 1 (the manager bounds it above). */
  private static int pageLimit(String limit) {
    try {
      int number = Integer.parseInt(limit);
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("limit: must be a whole number of at least 1");
  }

  private void get(RoutingContext ctx) {
    manager.ask(GetJobRequest.newBuilder().setJobId(ctx.pathParam("id")).build(), Job.class)
        .onSuccess(job -> Responses.json(ctx, new JsonObject().put("correlation_id", Correlation.id())
            .put("job", JobViews.job(job))))
        .onFailure(failure -> ManagerRequests.fail(ctx, failure));
  }

  private void stop(RoutingContext ctx) {
    manager.ask(StopJobRequest.newBuilder().setJobId(ctx.pathParam("id")).build(), Job.class)
        .onSuccess(job -> {
          ctx.response().setStatusCode(202);
          Responses.json(ctx, new JsonObject().put("correlation_id", Correlation.id())
              .put("job", JobViews.job(job)));
        })
        .onFailure(failure -> ManagerRequests.fail(ctx, failure));
  }

  private void logs(RoutingContext ctx) {
    LogRequest request;
    try {
      request = LogRequest.of(ctx.pathParam("id"), ctx.queryParams());
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", e.getMessage());
      return;
    }
    if (request.follow() && !limits.admitOrRefuse(ctx, RequestLimits.Kind.STREAM)) {
      return;
    }
    manager.ask(GetJobRequest.newBuilder().setJobId(request.jobId()).build(), Job.class)
        .onSuccess(job -> {
          if (request.instance() >= job.getInstancesCount()) {
            ApiErrors.send(ctx, 404, "NOT_FOUND", "job " + job.getId() + " has no instance "
                + request.instance() + " (it has " + job.getInstancesCount() + ")");
            return;
          }
          HttpServerResponse response = ctx.response()
              .setChunked(true)
              .putHeader("Content-Type", "text/plain; charset=utf-8");
          new LogFollower(ctx, request, response).read(request.tail() > 0 ? -1 : 0);
        })
        .onFailure(failure -> ManagerRequests.fail(ctx, failure));
  }

  /** Streams one instance's output, following it while it may grow. */
  private final class LogFollower {
    private final RoutingContext ctx;
    private final LogRequest request;
    private final HttpServerResponse response;
    private boolean closed;

    LogFollower(RoutingContext ctx, LogRequest request, HttpServerResponse response) {
      this.ctx = ctx;
      this.request = request;
      this.response = response;
      response.closeHandler(v -> closed = true);
    }

    void read(long offset) {
      if (closed) {
        return;
      }
      manager.ask(GetJobRequest.newBuilder().setJobId(request.jobId()).build(), Job.class)
          .compose(job -> {
            Instance instance = job.getInstances(request.instance());
            if (instance.getNodeId().isEmpty()) {
              return Future.succeededFuture(new Step(job, null));
            }
            return context.bus().ask(spawner(instance.getNodeId()), ReadLogs.newBuilder()
                    .setJobId(request.jobId())
                    .setInstanceIndex(request.instance())
                    .setStream(request.stream())
                    .setOffset(offset)
                    .setTailLines(offset < 0 ? request.tail() : 0)
                    .build(), LogChunk.class, Bus.DEFAULT_REQUEST_TIMEOUT)
                .map(chunk -> new Step(job, chunk))
                .recover(failure -> failure instanceof StatusException s
                    && s.code() == StatusCode.STATUS_CODE_NOT_FOUND
                    ? Future.succeededFuture(new Step(job, null)) : Future.failedFuture(failure));
          })
          .onSuccess(step -> {
            LogChunk chunk = step.chunk();
            long next = chunk == null ? Math.max(offset, 0) : chunk.getNextOffset();
            if (chunk != null && !chunk.getData().isEmpty()) {
              response.write(Buffer.buffer(chunk.getData().toByteArray()));
              if (response.writeQueueFull()) {
                // A slow reader: read on only once it has taken what was sent.
                response.drainHandler(v -> read(next));
              } else {
                read(next);
              }
              return;
            }
            boolean ended = !request.follow() || (chunk == null || !chunk.getRunning())
                && JobViews.isInstanceDone(step.job(), request.instance());
            if (ended) {
              response.end();
            } else {
              context.vertx().setTimer(FOLLOW_INTERVAL.toMillis(), id -> read(next));
            }
          })
          .onFailure(failure -> {
            log.warn("reading output of job {} failed: {}", request.jobId(),
                failure.getMessage());
            if (response.headWritten()) {
              response.end();
            } else {
              ManagerRequests.fail(ctx, failure);
            }
          });
    }
  }

  private record Step(Job job, LogChunk chunk) {}


  private static Endpoint spawner(String nodeId) {
    return Endpoint.newBuilder().setNodeId(nodeId).setRole(Role.ROLE_SPAWNER).build();
  }

  /** The parameters of a logs request. */
  record LogRequest(String jobId, int instance, LogStream stream, int tail, boolean follow) {
    static LogRequest of(String jobId, io.vertx.core.MultiMap query) {
      String stream = query.get("stream") == null ? "stdout" : query.get("stream");
      LogStream which;
      if (stream.equals("stdout")) {
        which = LogStream.LOG_STREAM_STDOUT;
      } else if (stream.equals("stderr")) {
        which = LogStream.LOG_STREAM_STDERR;
      } else {
        throw new IllegalArgumentException("stream: must be stdout or stderr");
      }
      int instance = number(query.get("instance"), "instance", 0);
      int tail = number(query.get("tail"), "tail", 0);
      String follow = query.get("follow");
      if (follow != null && !follow.equals("true") && !follow.equals("false")) {
        throw new IllegalArgumentException("follow: must be true or false");
      }
      return new LogRequest(jobId, instance, which, tail, "true".equals(follow));
    }

    private static int number(String value, String name, int otherwise) {
      if (value == null) {
        return otherwise;
      }
      try {
        int number = Integer.parseInt(value);
        if (number >= 0) {
          return number;
        }
      } catch (NumberFormatException e) {
        // fall through
      }
      throw new IllegalArgumentException(name + ": must be a whole number of at least 0");
    }
  }
}
