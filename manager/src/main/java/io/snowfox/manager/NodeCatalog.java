package io.snowfox.manager;

import com.hazelcast.cluster.Member;
import io.snowfox.manager.placement.NodeCandidate;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Nodes that can run instances now: those whose spawner is a cluster member, with labels. */
final class NodeCatalog {

  private final RoleContext context;

  NodeCatalog(RoleContext context) {
    this.context = context;
  }

  /** Node ids whose spawner is a live cluster member. */
  Set<String> liveSpawners() {
    return live(Role.ROLE_SPAWNER);
  }

  /** Node ids whose daemon is a live cluster member. */
  Set<String> liveDaemons() {
    return live(Role.ROLE_DAEMON);
  }

  private Set<String> live(Role role) {
    Set<String> nodes = new TreeSet<>();
    String name = Roles.name(role);
    for (Member member : context.hazelcast().getCluster().getMembers()) {
      if (name.equals(member.getAttribute(Clusters.ROLE_ATTRIBUTE))) {
        nodes.add(member.getAttribute(Clusters.NODE_ATTRIBUTE));
      }
    }
    return nodes;
  }

  /** Candidates with their labels (from the node map) and the given load per node. */
  Future<List<NodeCandidate>> candidates(Map<String, Integer> load) {
    Set<String> live = liveSpawners();
    return context.vertx().sharedData().<String, String>getClusterWideMap(Addresses.NODES_MAP)
        .compose(AsyncMap::entries)
        .map(entries -> {
          List<NodeCandidate> nodes = new ArrayList<>();
          for (String node : live) {
            Map<String, String> labels = new HashMap<>();
            String signed = entries.get(node);
            // Labels steer placement: only those the node's daemon signed count.
            if (signed != null) {
              context.signer().open(Addresses.NODES_MAP, node, signed).ifPresent(entry ->
                  new JsonObject(entry).getJsonObject("labels", new JsonObject())
                      .forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue()))));
            }
            nodes.add(new NodeCandidate(node, labels, load.getOrDefault(node, 0)));
          }
          return nodes;
        });
  }
}
