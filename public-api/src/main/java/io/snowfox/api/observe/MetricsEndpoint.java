package io.snowfox.api.observe;

import io.snowfox.api.http.ApiErrors;
import io.snowfox.api.nodes.NodeDirectory;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.MetricsRequest;
import io.snowfox.protocol.v1.MetricsResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.metrics.ProcessMetrics;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the metrics of every SnowFox process of the cluster, in the Prometheus
 * text format, gathered over the bus at each scrape. Every series carries the {@code node} and
 * {@code role} of its process, so one scrape target (any node's API) sees the whole cluster.
 *
 * <p>{@code ?scope=node} keeps to the processes of this API's node: every node's API is then a
 * target of its own, and no series comes twice.
 *
 * <p>Each process the cluster has as a member (daemon, spawner, manager, API) is asked at once
 * ({@code MetricsRequest}, {@link #PROCESS_DEADLINE}); {@code snowfox_process_up} says which
 * answered, and is 0 as well for the daemon, spawner and manager of a known node that is not a
 * member (a node whose daemon died).
 */
public final class MetricsEndpoint {

  /** Where the API serves the metrics (Prometheus's default path). */
  public static final String PATH = "/metrics";
  /** How long a process has to answer. */
  public static final Duration PROCESS_DEADLINE = Duration.ofSeconds(2);
  /** Whether each process answered this scrape. */
  public static final String UP = "snowfox_process_up";

  /** The roles every node runs; an API server is optional ({@code --no-api}). */
  private static final List<Role> EVERY_NODE_RUNS =
      List.of(Role.ROLE_DAEMON, Role.ROLE_SPAWNER, Role.ROLE_MANAGER);
  private static final Set<Role> SCRAPED =
      Set.of(Role.ROLE_DAEMON, Role.ROLE_SPAWNER, Role.ROLE_MANAGER, Role.ROLE_API);

  private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

  private final RoleContext context;
  private final NodeDirectory directory;

  public MetricsEndpoint(RoleContext context) {
    this.context = context;
    this.directory = new NodeDirectory(context);
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    String scope = ctx.queryParams().get("scope");
    if (scope != null && !scope.equals("cluster") && !scope.equals("node")) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", "unknown scope '" + scope
          + "': use cluster (every process of the cluster, the default) or node (this API's "
          + "node only)");
      return;
    }
    gather("node".equals(scope))
        .onSuccess(text -> ctx.response().putHeader("Content-Type", ProcessMetrics.CONTENT_TYPE)
            .end(text))
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  private record Answer(ClusterProcess target, String text) {}

  /**
   * Every process's metrics and the API's own, as one exposition; with {@code nodeOnly}, those
   * of this API's node only (for one scrape target per node, without duplicates).
   */
  public Future<String> gather(boolean nodeOnly) {
    Endpoint self = context.bus().self();
    ClusterProcess own = new ClusterProcess(self.getNodeId(), self.getRole());
    Set<ClusterProcess> members = ClusterProcess.members(context, SCRAPED);
    members.remove(own);
    if (nodeOnly) {
      members.removeIf(target -> !target.nodeId().equals(own.nodeId()));
    }
    Future<String> ownText = context.vertx().executeBlocking(() -> context.metrics().scrape(),
        false);
    List<Future<Answer>> asks = new ArrayList<>();
    members.forEach(target -> asks.add(ask(target)));
    Future<Set<String>> known = directory.nodeIds().otherwise(Set.of())
        .map(ids -> nodeOnly ? ids.stream().filter(own.nodeId()::equals)
            .collect(java.util.stream.Collectors.toSet()) : ids);
    return Future.join(ownText, known, Future.join(asks)).otherwiseEmpty().compose(done -> {
      if (ownText.failed()) {
        return Future.failedFuture(ownText.cause());
      }
      Exposition merged = new Exposition().add(ownText.result());
      List<String> up = new ArrayList<>();
      Set<ClusterProcess> expected = new TreeSet<>(members);
      expected.add(own);
      for (String node : known.result()) {
        EVERY_NODE_RUNS.forEach(role -> expected.add(new ClusterProcess(node, role)));
      }
      Set<ClusterProcess> answered = new TreeSet<>();
      answered.add(own);
      for (Future<Answer> ask : asks) {
        if (ask.succeeded()) {
          merged.add(ask.result().text());
          answered.add(ask.result().target());
        }
      }
      for (ClusterProcess target : expected) {
        up.add(UP + "{node=\"" + Exposition.escape(target.nodeId()) + "\",role=\""
            + Roles.name(target.role()) + "\"} " + (answered.contains(target) ? "1" : "0"));
      }
      merged.gauge(UP, "Whether the process answered this scrape (1) or not (0)", up);
      return Future.succeededFuture(merged.text());
    });
  }

  private Future<Answer> ask(ClusterProcess target) {
    return context.bus().ask(target.endpoint(), MetricsRequest.getDefaultInstance(),
            MetricsResponse.class, PROCESS_DEADLINE)
        .map(response -> new Answer(target, response.getText()))
        .onFailure(failure -> log.debug("no metrics from {}@{}: {}", Roles.name(target.role()),
            target.nodeId(), failure.getMessage()));
  }
}
