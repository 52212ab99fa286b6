package io.snowfox.api.observe;

import io.snowfox.protocol.Micros;
import io.snowfox.api.auth.Access;
import io.snowfox.api.auth.AuthHandler;
import io.snowfox.api.auth.RequestLimits;
import io.snowfox.api.http.ApiErrors;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.api.http.Responses;
import io.snowfox.api.nodes.NodeDirectory;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.LogEntry;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.TraceRequest;
import io.snowfox.protocol.v1.TraceResponse;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/traces/{correlation_id}}: "what happened to my request?". Every node's daemon
 * searches the logs of its processes for the id; the answers are merged into one timeline
 * ordered by time, with the spans of every hop. A node that does not answer by the deadline
 * makes the answer partial; an id nobody logged is a 404.
 */
public final class TraceEndpoint {

  /** How long a daemon has to search its logs. */
  public static final Duration NODE_DEADLINE = Duration.ofSeconds(10);
  /** Lines one node may answer with; an answer is capped to this many in all. */
  public static final int MAX_ENTRIES = 5_000;

  private static final Logger log = LoggerFactory.getLogger(TraceEndpoint.class);

  private final RoleContext context;
  private final NodeDirectory directory;
  private final RequestLimits limits;

  public TraceEndpoint(RoleContext context, RequestLimits limits) {
    this.context = context;
    this.directory = new NodeDirectory(context);
    this.limits = limits;
  }

  public void mount(Router router) {
    router.get("/v1/traces/:id").handler(this::trace);
  }

  private record NodeAnswer(String nodeId, TraceResponse response, String error) {}

  private void trace(RoutingContext ctx) {
    String wanted = ctx.pathParam("id");
    if (!Correlation.isValid(wanted)) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", "not a correlation id: '" + wanted + "'");
      return;
    }
    Access access = AuthHandler.access(ctx);
    if (!limits.admitOrRefuse(ctx, RequestLimits.Kind.TRACE)) {
      return;
    }
    directory.nodeIds()
        .compose(ids -> {
          List<Future<NodeAnswer>> asks = new ArrayList<>();
          ids.forEach(id -> asks.add(ask(id, wanted)));
          return Future.join(asks).otherwiseEmpty().map(done -> asks.stream()
              .map(Future::result).toList());
        })
        .onSuccess(answers -> answer(ctx, wanted, access, answers))
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  private Future<NodeAnswer> ask(String nodeId, String wanted) {
    Endpoint daemon = Endpoint.newBuilder().setNodeId(nodeId).setRole(Role.ROLE_DAEMON).build();
    return context.bus()
        .ask(daemon, TraceRequest.newBuilder().setCorrelationId(wanted)
                .setMaxEntries(MAX_ENTRIES).build(),
            TraceResponse.class, NODE_DEADLINE)
        .map(response -> new NodeAnswer(nodeId, response, null))
        .recover(failure -> {
          String why = failure instanceof StatusException s ? s.getMessage()
              : String.valueOf(failure.getMessage());
          log.warn("node {} did not answer the trace query: {}", nodeId, why);
          return Future.succeededFuture(new NodeAnswer(nodeId, null, why));
        });
  }

  private static void answer(RoutingContext ctx, String wanted, Access access,
      List<NodeAnswer> answers) {
    JsonArray nodes = new JsonArray();
    List<LogEntry> entries = new ArrayList<>();
    boolean partial = false;
    for (NodeAnswer answer : answers) {
      if (answer.response() == null) {
        partial = true;
        nodes.add(new JsonObject().put("node_id", answer.nodeId()).put("answered", false)
            .put("error", answer.error()));
      } else {
        entries.addAll(answer.response().getEntriesList());
        nodes.add(new JsonObject().put("node_id", answer.nodeId()).put("answered", true)
            .put("entries", answer.response().getEntriesCount())
            .put("truncated", answer.response().getTruncated())
            .put("bytes_scanned", answer.response().getBytesScanned()));
      }
    }
    if (entries.isEmpty() && !answers.isEmpty()
        && answers.stream().allMatch(answer -> answer.response() == null)) {
      // Nobody searched: that is not "nobody logged it".
      ApiErrors.send(ctx, 504, "TIMEOUT", "no node answered the search for correlation id '"
          + wanted + "': " + answers.get(0).error() + "; try again");
      return;
    }
    if (entries.isEmpty()) {
      ApiErrors.send(ctx, 404, "NOT_FOUND", "no log line of any node carries correlation id '"
          + wanted + "'" + (partial ? " (some nodes did not answer)" : ""));
      return;
    }
    entries.sort(Comparator.comparingLong(LogEntry::getTimeMicros));
    if (!access.namespace().equals(Namespaces.ALL)) {
      String owner = owner(entries);
      if (!access.namespace().equals(owner)) {
        ApiErrors.send(ctx, 403, "FORBIDDEN", "correlation id '" + wanted + "' is not a request "
            + "of namespace '" + access.namespace() + "'");
        return;
      }
      // Lines of another namespace that reused the id stay hidden; lines of the cluster's own
      // work on the request (no namespace) are part of its story.
      entries.removeIf(entry -> !entry.getTenant().isEmpty()
          && !entry.getTenant().equals(owner));
    }
    boolean capped = entries.size() > MAX_ENTRIES;
    if (capped) {
      entries.subList(MAX_ENTRIES, entries.size()).clear();
    }
    JsonArray timeline = new JsonArray();
    Map<String, JsonObject> spans = new LinkedHashMap<>();
    for (LogEntry entry : entries) {
      timeline.add(new JsonObject()
          .put("time", time(entry.getTimeMicros()))
          .put("node", entry.getNodeId())
          .put("role", entry.getRole())
          .put("level", entry.getLevel())
          .put("kind", entry.getKind())
          .put("message", entry.getMessage())
          .put("logger", entry.getLogger()));
      if (entry.hasSpan()) {
        spans.putIfAbsent(entry.getSpan().getSpanId(), Responses.span(entry.getSpan()));
      }
    }
    Responses.json(ctx, new JsonObject()
        .put("correlation_id", wanted)
        .put("partial", partial)
        .put("truncated", capped)
        .put("nodes", nodes)
        .put("entries", timeline)
        .put("spans", new JsonArray(new ArrayList<>(spans.values()))));
  }

  /**
   * Whose request a trace is: the namespace of its first line that names one. A correlation id
   * is made by the API for one request; another token reusing it later does not own it.
   */
  static String owner(List<LogEntry> byTime) {
    return byTime.stream().map(LogEntry::getTenant).filter(tenant -> !tenant.isEmpty())
        .findFirst().orElse("");
  }

  private static String time(long micros) {
    return Micros.iso(micros);
  }
}
