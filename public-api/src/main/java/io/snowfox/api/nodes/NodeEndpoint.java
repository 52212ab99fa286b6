package io.snowfox.api.nodes;

import io.snowfox.api.http.ApiErrors;
import io.snowfox.api.http.ManagerRequests;
import io.snowfox.api.http.Responses;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.DrainNodeRequest;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.NodeAllocation;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.NodeSchedulingRequest;
import io.snowfox.protocol.v1.NodeSchedulingResponse;
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
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/nodes}: node status, asked of every daemon at once, with how the leading manager
 * schedules each node, asked of it at the same time; and drains ({@code POST} and
 * {@code DELETE /v1/nodes/{id}/drain}), which the leading manager carries out.
 *
 * <p>A node whose daemon does not answer by the deadline is listed as unreachable and the answer
 * is marked partial; a leader that does not answer leaves the nodes without their scheduling
 * fields and the answer says why. The listing itself never hangs and never fails because of one
 * process.
 */
public final class NodeEndpoint {

  /** How long a daemon has to answer NodeInfoRequest, and the leader NodeSchedulingRequest. */
  public static final Duration NODE_DEADLINE = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(NodeEndpoint.class);

  private final RoleContext context;
  private final Supplier<Future<Set<String>>> nodeIds;
  private final ManagerRequests manager;

  public NodeEndpoint(RoleContext context) {
    this(context, new NodeDirectory(context)::nodeIds);
  }

  /** An endpoint that lists the nodes {@code nodeIds} names: for tests without a cluster. */
  NodeEndpoint(RoleContext context, Supplier<Future<Set<String>>> nodeIds) {
    this.context = context;
    this.nodeIds = nodeIds;
    this.manager = new ManagerRequests(context);
  }

  public void mount(Router router) {
    router.get("/v1/nodes").handler(this::list);
    router.get("/v1/nodes/:id").handler(this::one);
    router.post("/v1/nodes/:id/drain").handler(ctx -> drain(ctx, true));
    router.delete("/v1/nodes/:id/drain").handler(ctx -> drain(ctx, false));
    router.delete("/v1/nodes/:id").handler(this::forget);
  }

  private void list(RoutingContext ctx) {
    Future<SchedulingAnswer> scheduling = askLeader();
    nodeIds.get()
        .compose(ids -> {
          List<Future<NodeView>> asks = new ArrayList<>();
          ids.forEach(id -> asks.add(ask(id)));
          return Future.join(asks).otherwiseEmpty().compose(done -> scheduling)
              .map(leader -> new NodeListView(Correlation.id(),
                  asks.stream().anyMatch(ask -> !ask.result().reachable()), leader.view(),
                  asks.stream().map(ask -> leader.merge(ask.result()))
                      .sorted(Comparator.comparing(NodeView::nodeId)).toList()));
        })
        .onSuccess(nodes -> {
          log.info("node info from {} node(s){}{}", nodes.nodes().size(),
              nodes.partial() ? " (partial)" : "",
              nodes.scheduling().available() ? "" : ", without scheduling");
          Responses.json(ctx, nodes.toJson());
        })
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  private void one(RoutingContext ctx) {
    String nodeId = ctx.pathParam("id");
    if (!validNodeId(ctx, nodeId)) {
      return;
    }
    Future<SchedulingAnswer> scheduling = askLeader();
    nodeIds.get()
        .onSuccess(ids -> {
          if (!ids.contains(nodeId)) {
            ApiErrors.send(ctx, 404, "NOT_FOUND", "no node '" + nodeId + "' in this cluster");
            return;
          }
          ask(nodeId).onSuccess(node -> {
            if (!node.reachable()) {
              ApiErrors.send(ctx, 503, "UNREACHABLE", node.reason());
              return;
            }
            scheduling.onSuccess(leader -> Responses.json(ctx, new JsonObject()
                .put("correlation_id", Correlation.id())
                .put("scheduling", leader.view().toJson())
                .put("node", leader.merge(node).toJson())));
          });
        })
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  /** Starts ({@code drain}) or ends a node's drain; the leading manager answers, idempotently. */
  private void drain(RoutingContext ctx, boolean drain) {
    String nodeId = ctx.pathParam("id");
    if (!validNodeId(ctx, nodeId)) {
      return;
    }
    manager.ask(DrainNodeRequest.newBuilder().setNodeId(nodeId).setDrain(drain).build(),
            NodeAllocation.class)
        .onSuccess(allocation -> {
          log.info("node {} {}: {} instance(s) on it", nodeId,
              allocation.getDraining() ? "draining" : "not draining", allocation.getInstances());
          Responses.json(ctx,
              new DrainView(Correlation.id(), NodeViews.from(allocation)).toJson());
        })
        .onFailure(failure -> ManagerRequests.fail(ctx, failure));
  }

  /**
   * Forgets a node that is gone for good: its entry leaves the node registry, so that it is no
   * longer listed, nor counted among the nodes of which a majority must be seen to lead and to
   * declare nodes lost (with two nodes, forgetting the dead one lets the other re-place its
   * instances). Refused while the node's daemon is in the cluster; a daemon that starts again
   * registers its node again.
   */
  private void forget(RoutingContext ctx) {
    String nodeId = ctx.pathParam("id");
    if (!validNodeId(ctx, nodeId)) {
      return;
    }
    context.vertx().executeBlocking(() -> {
      if (NodeDirectory.liveDaemons(context).contains(nodeId)) {
        return 409;
      }
      String entry = context.hazelcast().<String, String>getMap(Addresses.NODES_MAP)
          .remove(nodeId);
      context.hazelcast().getMap(Addresses.DRAINS_MAP).remove(nodeId);
      return entry == null ? 404 : 200;
    }).onComplete(done -> {
      if (done.failed()) {
        ApiErrors.send(ctx, 503, "UNAVAILABLE", "the cluster's node list is not available: "
            + done.cause().getMessage());
      } else if (done.result() == 409) {
        ApiErrors.send(ctx, 409, "CONFLICT", "node '" + nodeId + "' is in the cluster: only a "
            + "node that is gone can be forgotten (a node stopped cleanly leaves by itself)");
      } else if (done.result() == 404) {
        ApiErrors.send(ctx, 404, "NOT_FOUND", "no node '" + nodeId + "' is known");
      } else {
        log.warn("node {} forgotten: no longer listed nor counted for a majority", nodeId);
        Responses.json(ctx, new JsonObject().put("correlation_id", Correlation.id())
            .put("node_id", nodeId).put("forgotten", true));
      }
    });
  }

  /** False, and the request answered 400, when {@code nodeId} is not a valid node id. */
  private static boolean validNodeId(RoutingContext ctx, String nodeId) {
    try {
      Addresses.checkNodeId(nodeId);
      return true;
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", e.getMessage());
      return false;
    }
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

  /** Asks the leading manager how it schedules the nodes; never fails: no answer says why. */
  private Future<SchedulingAnswer> askLeader() {
    return manager.ask(NodeSchedulingRequest.getDefaultInstance(), NodeSchedulingResponse.class,
            NODE_DEADLINE)
        .map(SchedulingAnswer::of)
        .recover(failure -> {
          log.warn("no node scheduling from the leading manager: {}", failure.getMessage());
          return Future.succeededFuture(SchedulingAnswer.failed(failure));
        });
  }
}
