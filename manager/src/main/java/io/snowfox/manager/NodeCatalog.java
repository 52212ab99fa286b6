package io.snowfox.manager;

import com.hazelcast.cluster.Member;
import io.snowfox.manager.jobs.JobTable.NodeLoad;
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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The nodes as placement sees them: which are members now (by their daemon and spawner), what
 * each offers and its labels (from its daemon's signed entry in {@link Addresses#NODES_MAP}),
 * and which are draining ({@link Addresses#DRAINS_MAP}, written by the leader, signed).
 */
final class NodeCatalog {

  private final RoleContext context;

  NodeCatalog(RoleContext context) {
    this.context = context;
  }

  /** What a node's daemon says of it; capacity unbounded when it did not say. */
  record Node(String nodeId, Map<String, String> labels, double cpu, long memoryMb) {}

  /**
   * The nodes at one moment.
   *
   * @param registered the nodes whose daemon signed an entry (removed on a clean stop only, so
   *     a node that died stays here)
   * @param draining the drained nodes
   * @param liveSpawners the nodes whose spawner is a cluster member
   * @param liveDaemons the nodes whose daemon is a cluster member
   */
  record Snapshot(Map<String, Node> registered, Set<String> draining, Set<String> liveSpawners,
      Set<String> liveDaemons) {

    /** The nodes that can run instances now, with what is reserved on each. */
    List<NodeCandidate> candidates(Map<String, NodeLoad> load) {
      List<NodeCandidate> nodes = new ArrayList<>();
      for (String id : liveSpawners) {
        Node node = registered.getOrDefault(id,
            new Node(id, Map.of(), Double.POSITIVE_INFINITY, Long.MAX_VALUE));
        NodeLoad used = load.getOrDefault(id, NodeLoad.NONE);
        nodes.add(new NodeCandidate(id, node.labels(), node.cpu(), node.memoryMb(), used.cpu(),
            used.memoryMb(), used.instances(), draining.contains(id)));
      }
      return nodes;
    }

    /** Every node the cluster knows: registered, or with a live daemon. */
    Set<String> known() {
      Set<String> all = new TreeSet<>(registered.keySet());
      all.addAll(liveDaemons);
      return all;
    }
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
    return Clusters.liveNodes(context.hazelcast(), Roles.name(role));
  }

  /** The nodes now: two map reads, without blocking. */
  Future<Snapshot> snapshot() {
    Set<String> spawners = liveSpawners();
    Set<String> daemons = liveDaemons();
    Future<Map<String, String>> entries = entries(Addresses.NODES_MAP);
    Future<Map<String, String>> drains = entries(Addresses.DRAINS_MAP);
    return Future.all(entries, drains).map(done -> {
      Map<String, Node> registered = new TreeMap<>();
      // Labels and capacity steer placement: only what the node's daemon signed counts.
      entries.result().forEach((id, signed) -> context.signer()
          .open(Addresses.NODES_MAP, id, signed)
          .ifPresent(json -> registered.put(id, node(id, new JsonObject(json)))));
      Set<String> draining = new TreeSet<>();
      drains.result().forEach((id, signed) -> {
        if (context.signer().verifies(Addresses.DRAINS_MAP, id, signed)) {
          draining.add(id);
        }
      });
      return new Snapshot(registered, draining, spawners, daemons);
    });
  }

  private static Node node(String id, JsonObject entry) {
    Map<String, String> labels = new HashMap<>();
    entry.getJsonObject("labels", new JsonObject())
        .forEach(e -> labels.put(e.getKey(), String.valueOf(e.getValue())));
    Number cpu = entry.getNumber("cpu");
    Number memory = entry.getNumber("memory_mb");
    return new Node(id, labels, cpu == null ? Double.POSITIVE_INFINITY : cpu.doubleValue(),
        memory == null ? Long.MAX_VALUE : memory.longValue());
  }

  /** Starts (or ends) the drain of a node: an entry signed with the cluster key. */
  Future<Void> drain(String nodeId, boolean drain, long nowMicros) {
    return context.vertx().sharedData().<String, String>getClusterWideMap(Addresses.DRAINS_MAP)
        .compose(map -> drain
            ? map.put(nodeId, context.signer().sign(Addresses.DRAINS_MAP, nodeId,
                Long.toString(nowMicros))).mapEmpty()
            : map.remove(nodeId).mapEmpty());
  }

  private Future<Map<String, String>> entries(String mapName) {
    return context.vertx().sharedData().<String, String>getClusterWideMap(mapName)
        .compose(AsyncMap::entries);
  }
}
