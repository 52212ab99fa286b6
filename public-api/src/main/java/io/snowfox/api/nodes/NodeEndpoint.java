package io.snowfox.api.nodes;

import io.snowfox.api.client.NodeList;
import io.snowfox.api.client.NodeView;
import io.snowfox.api.http.ApiErrors;
import io.snowfox.api.http.Responses;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/nodes} and {@code GET /v1/nodes/{id}}: node status, asked of every daemon at
 * once. A node that does not answer by the deadline is listed as unreachable and the answer is
 * marked partial; the request itself never hangs and never fails because of one node.
 */
public final class NodeEndpoint {

  /** How long a daemon has to answer NodeInfoRequest. */
  public static final Duration NODE_DEADLINE = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(NodeEndpoint.class);

  private final RoleContext context;
  private final NodeDirectory directory;

  public NodeEndpoint(RoleContext context) {
    this.context = context;
    this.directory = new NodeDirectory(context);
  }

  public void mount(Router router) {
    router.get("/v1/nodes").handler(this::list);
    router.get("/v1/nodes/:id").handler(this::one);
  }

  private void list(RoutingContext ctx) {
    directory.nodeIds()
        .compose(ids -> {
          List<Future<NodeView>> asks = new ArrayList<>();
          ids.forEach(id -> asks.add(ask(id)));
          return Future.join(asks).otherwiseEmpty().map(done -> asks.stream()
              .map(Future::result)
              .sorted(Comparator.comparing(NodeView::nodeId))
              .toList());
        })
        .onSuccess(nodes -> {
          boolean partial = nodes.stream().anyMatch(n -> !n.reachable());
          log.info("node info from {} node(s){}", nodes.size(), partial ? " (partial)" : "");
          Responses.json(ctx, new NodeList(Correlation.id(), partial, nodes).toJson());
        })
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  private void one(RoutingContext ctx) {
    String nodeId = ctx.pathParam("id");
    try {
      Addresses.checkNodeId(nodeId);
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", e.getMessage());
      return;
    }
    directory.nodeIds()
        .onSuccess(ids -> {
          if (!ids.contains(nodeId)) {
            ApiErrors.send(ctx, 404, "NOT_FOUND", "no node '" + nodeId + "' in this cluster");
            return;
          }
          ask(nodeId).onSuccess(node -> {
            if (!node.reachable()) {
              ApiErrors.send(ctx, 503, "UNREACHABLE", node.reason());
            } else {
              Responses.json(ctx, new JsonObject().put("correlation_id", Correlation.id())
                  .put("node", node.toJson()));
            }
          });
        })
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  /** Asks one daemon; never fails: a silent node becomes an unreachable view. */
  private Future<NodeView> ask(String nodeId) {
    Endpoint daemon = Endpoint.newBuilder().setNodeId(nodeId).setRole(Role.ROLE_DAEMON).build();
    return context.bus()
        .ask(daemon, NodeInfoRequest.getDefaultInstance(), NodeInfoResponse.class, NODE_DEADLINE)
        .map(NodeViews::from)
        .recover(failure -> {
          String why = failure instanceof StatusException status ? status.getMessage()
              : String.valueOf(failure.getMessage());
          log.warn("node {} did not answer: {}", nodeId, why);
          return Future.succeededFuture(NodeView.unreachable(nodeId, why));
        });
  }
}
