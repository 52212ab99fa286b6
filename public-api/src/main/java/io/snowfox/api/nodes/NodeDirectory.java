package io.snowfox.api.nodes;

import com.hazelcast.cluster.Member;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which nodes exist: those registered in the cluster-wide node map (a daemon registers on start
 * and leaves on a clean stop, so a node whose daemon died stays listed and shows as
 * unreachable) plus any daemon currently a cluster member.
 */
public final class NodeDirectory {

  private final RoleContext context;

  public NodeDirectory(RoleContext context) {
    this.context = context;
  }

  /**
   * Every known node id, sorted; fails with UNAVAILABLE when the cluster cannot be asked (a
   * process that has not joined it, or a Hazelcast instance shutting down), which both throw
   * instead of failing a future.
   */
  public Future<Set<String>> nodeIds() {
    try {
      return context.vertx().sharedData().<String, String>getClusterWideMap(Addresses.NODES_MAP)
          .compose(AsyncMap::entries)
          .map(registered -> {
            Set<String> ids = new TreeSet<>();
            // Only nodes whose daemon signed their entry: a stranger may not add nodes to the list.
            registered.forEach((id, signed) -> {
              if (context.signer().verifies(Addresses.NODES_MAP, id, signed)) {
                ids.add(id);
              }
            });
            ids.addAll(liveDaemons(context));
            return ids;
          });
    } catch (RuntimeException e) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
          "the cluster's node list is not available", String.valueOf(e.getMessage())));
    }
  }

  /** The nodes whose daemon is a member of the cluster now. */
  static Set<String> liveDaemons(RoleContext context) {
    return Clusters.liveNodes(context.hazelcast(), Roles.name(Role.ROLE_DAEMON));
  }
}
