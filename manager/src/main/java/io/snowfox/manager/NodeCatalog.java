package io.snowfox.manager;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes as placement sees them: which are members now (by their daemon and spawner), what
 * each offers and its labels (from its daemon's signed entry in {@link Addresses#NODES_MAP}),
 * and which are draining ({@link Addresses#DRAINS_MAP}, written by the leader, signed).
 */
final class NodeCatalog {

  private static final Logger log = LoggerFactory.getLogger(NodeCatalog.class);

  private final RoleContext context;
  /** The two maps as this manager follows them; null until {@link #follow} has read them. */
  private volatile Mirror mirror;

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

  /**
   * The nodes as the maps say now: two reads of the whole maps (each a query on every data
   * member), without blocking. For requests that must see a change just made (a drain, a node
   * forgotten); placement and node loss take {@link #current}.
   */
  Future<Snapshot> snapshot() {
    Set<String> spawners = liveSpawners();
    Set<String> daemons = liveDaemons();
    Future<Map<String, String>> entries = entries(Addresses.NODES_MAP);
    Future<Map<String, String>> drains = entries(Addresses.DRAINS_MAP);
    return Future.all(entries, drains).map(done -> {
      Map<String, Node> registered = new TreeMap<>();
      entries.result().forEach((id, signed) -> opened(id, signed)
          .ifPresent(node -> registered.put(id, node)));
      Set<String> draining = new TreeSet<>();
      drains.result().forEach((id, signed) -> {
        if (drained(id, signed)) {
          draining.add(id);
        }
      });
      return new Snapshot(registered, draining, spawners, daemons);
    });
  }

  /**
   * The nodes now, from the maps this manager follows ({@link #follow}): no map read, so a
   * scheduling pass costs the cluster nothing however many members it has. Until the maps are
   * followed, as {@link #snapshot}.
   */
  Future<Snapshot> current() {
    Mirror followed = mirror;
    if (followed == null) {
      return snapshot();
    }
    Set<String> spawners = liveSpawners();
    Set<String> daemons = liveDaemons();
    return Future.succeededFuture(new Snapshot(followed.registered(), followed.draining(),
        spawners, daemons));
  }

  /**
   * Follows the node map and the drain map: every change reaches this manager as an event, and
   * the whole maps are read again when a member joins or leaves or the cluster merges (an event
   * may be lost then). Blocking (listener registrations, map reads): call it off the event loop.
   * Returns what stops it.
   */
  AutoCloseable follow() {
    HazelcastInstance hazelcast = context.hazelcast();
    IMap<String, String> nodeMap = hazelcast.getMap(Addresses.NODES_MAP);
    IMap<String, String> drainMap = hazelcast.getMap(Addresses.DRAINS_MAP);
    Mirror followed = new Mirror(this::opened, this::drained);
    UUID nodeListener = nodeMap.addEntryListener(
        (MapEvents) (id, signed) -> followed.nodeChanged(id, signed), true);
    UUID drainListener = drainMap.addEntryListener(
        (MapEvents) (id, signed) -> followed.drainChanged(id, signed), true);
    Runnable reread = () -> context.vertx().executeBlocking(() -> {
      followed.reread(nodeMap, drainMap);
      return null;
    }, false).onFailure(e -> log.warn("could not read the node maps again: {}", e.toString()));
    UUID members = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        reread.run();
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        reread.run();
      }
    });
    UUID lifecycle = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        reread.run();
      }
    });
    followed.reread(nodeMap, drainMap);
    mirror = followed;
    return () -> {
      mirror = null;
      nodeMap.removeEntryListener(nodeListener);
      drainMap.removeEntryListener(drainListener);
      hazelcast.getCluster().removeMembershipListener(members);
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycle);
    };
  }

  /** The node's entry when the cluster signed it. */
  private Optional<Node> opened(String id, String signed) {
    // Labels and capacity steer placement: only what the node's daemon signed counts.
    return context.signer().open(Addresses.NODES_MAP, id, signed)
        .map(json -> node(id, new JsonObject(json)));
  }

  /** Whether a drain entry is the cluster's. */
  private boolean drained(String id, String signed) {
    return context.signer().verifies(Addresses.DRAINS_MAP, id, signed);
  }

  /**
   * The followed maps: what the events said, and what a whole read said of the keys no event
   * touched while it read. Events come on Hazelcast's event threads, reads on a worker: each
   * change is applied under the mirror's lock. An entry the cluster did not sign counts as none.
   */
  static final class Mirror {
    private final BiFunction<String, String, Optional<Node>> open;
    private final BiPredicate<String, String> drained;
    private final Map<String, Node> registered = new HashMap<>();
    private final Set<String> draining = new HashSet<>();
    /** The change each key was last touched by, counting every change. */
    private final Map<String, Long> touched = new HashMap<>();
    private long changes;

    /**
     * @param open a node map entry's node, when the cluster signed it
     * @param drained whether a drain map entry is the cluster's
     */
    Mirror(BiFunction<String, String, Optional<Node>> open,
        BiPredicate<String, String> drained) {
      this.open = open;
      this.drained = drained;
    }

    synchronized Map<String, Node> registered() {
      return new TreeMap<>(registered);
    }

    synchronized Set<String> draining() {
      return new TreeSet<>(draining);
    }

    /** A node map entry's new value; null when it is gone. */
    synchronized void nodeChanged(String id, String signed) {
      touched.put(id, ++changes);
      putNode(id, signed);
    }

    /** A drain map entry's new value; null when it is gone. */
    synchronized void drainChanged(String id, String signed) {
      touched.put(id, ++changes);
      putDrain(id, signed);
    }

    /** A drain this manager wrote itself, before its event comes back. */
    synchronized void drainWritten(String id, boolean drain) {
      touched.put(id, ++changes);
      if (drain) {
        draining.add(id);
      } else {
        draining.remove(id);
      }
    }

    /** Reads both maps whole (blocking) and takes what they say ({@link #apply}). */
    void reread(Map<String, String> nodeMap, Map<String, String> drainMap) {
      long begun = mark();
      apply(begun, Map.copyOf(nodeMap), Map.copyOf(drainMap));
    }

    /** Where a whole read begins: changes after this one win over it. */
    synchronized long mark() {
      return changes;
    }

    /**
     * The maps as a whole read begun at {@code begun} found them; a key a change touched since
     * keeps what the change said.
     */
    synchronized void apply(long begun, Map<String, String> nodes, Map<String, String> drains) {
      Predicate<String> untouched = id -> touched.getOrDefault(id, 0L) <= begun;
      registered.keySet().removeIf(id -> !nodes.containsKey(id) && untouched.test(id));
      nodes.forEach((id, signed) -> {
        if (untouched.test(id)) {
          putNode(id, signed);
        }
      });
      draining.removeIf(id -> !drains.containsKey(id) && untouched.test(id));
      drains.forEach((id, signed) -> {
        if (untouched.test(id)) {
          putDrain(id, signed);
        }
      });
    }

    private void putNode(String id, String signed) {
      Optional<Node> node = signed == null ? Optional.empty() : open.apply(id, signed);
      if (node.isPresent()) {
        registered.put(id, node.get());
      } else {
        registered.remove(id);
      }
    }

    private void putDrain(String id, String signed) {
      if (signed != null && drained.test(id, signed)) {
        draining.add(id);
      } else {
        draining.remove(id);
      }
    }
  }

  /** Every kind of entry event of a map, as one change: its value null for a removal. */
  @FunctionalInterface
  interface MapEvents extends EntryAddedListener<String, String>,
      EntryUpdatedListener<String, String>, EntryRemovedListener<String, String>,
      EntryEvictedListener<String, String>, EntryMergedListener<String, String>,
      EntryExpiredListener<String, String> {

    /** A change of {@code key}: its new value, null when it is gone. */
    void changed(String key, String value);

    @Override
    default void entryAdded(EntryEvent<String, String> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    default void entryUpdated(EntryEvent<String, String> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    default void entryMerged(EntryEvent<String, String> event) {
      changed(event.getKey(), event.getValue());
    }

    @Override
    default void entryRemoved(EntryEvent<String, String> event) {
      changed(event.getKey(), null);
    }

    @Override
    default void entryEvicted(EntryEvent<String, String> event) {
      changed(event.getKey(), null);
    }

    @Override
    default void entryExpired(EntryEvent<String, String> event) {
      changed(event.getKey(), null);
    }
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
                Long.toString(nowMicros))).<Void>mapEmpty()
            : map.remove(nodeId).<Void>mapEmpty())
        .onSuccess(v -> {
          // The next pass sees it at once, not only once the map's event is here.
          Mirror followed = mirror;
          if (followed != null) {
            followed.drainWritten(nodeId, drain);
          }
        });
  }

  private Future<Map<String, String>> entries(String mapName) {
    return context.vertx().sharedData().<String, String>getClusterWideMap(mapName)
        .compose(AsyncMap::entries);
  }
}
