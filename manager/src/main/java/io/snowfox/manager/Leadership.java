package io.snowfox.manager;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.security.RecordSigner;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which manager leads: the one that joined the cluster first among the live managers that
 * proved they are ({@link LeaderChoice}). Every member sees the same member list in the same
 * (join) order, so they all agree without a vote. The others stand by; when the leader leaves,
 * the next oldest takes over.
 *
 * <p>A member attribute is no proof: any process that knows the cluster name can join
 * Hazelcast with {@code role=manager}. Each manager therefore puts a claim in
 * {@link Addresses#MANAGER_CLAIMS_MAP}: its node id, keyed by its member UUID, signed with the
 * cluster key. A claim that verifies is remembered until its member leaves, so a stranger that
 * removes or overwrites it in the map changes nothing (and the owner puts it back).
 */
final class Leadership implements MembershipListener {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);
  private static final String MANAGER = Roles.name(Role.ROLE_MANAGER);
  private static final String DAEMON = Roles.name(Role.ROLE_DAEMON);

  private final HazelcastInstance hazelcast;
  private final Vertx vertx;
  private final RecordSigner signer;
  private final String nodeId;
  private final Runnable onLeading;
  private final Runnable onDeposed;
  private final java.util.function.IntConsumer onPlace;
  private final AtomicBoolean leading = new AtomicBoolean();
  /** This manager's place in line at the last look ({@link LeaderChoice#place}). */
  private volatile int place = -1;
  /** Members whose claim verified, to their node id; a member's claim never changes. */
  private final Map<UUID, String> claimed = new ConcurrentHashMap<>();
  /** When each member that says it is a manager was first seen. */
  private final Map<UUID, Long> seen = new ConcurrentHashMap<>();
  private IMap<String, String> claims;
  /** The nodes whose daemon this manager has seen, until they stop cleanly. */
  private final KnownNodes knownNodes;

  /**
   * Calls {@code onLeading} once, when (or as soon as) this manager leads, and
   * {@code onDeposed} if it then stops leading (after a partition, another manager may have
   * taken over: two leaders must never serve at once). Calls {@code onPlace} with this
   * manager's new place in line whenever it changes (0 leads; a manager moves up the line as
   * older ones leave).
   */
  Leadership(HazelcastInstance hazelcast, Vertx vertx, RecordSigner signer, String nodeId,
      KnownNodes knownNodes, Runnable onLeading, Runnable onDeposed,
      java.util.function.IntConsumer onPlace) {
    this.hazelcast = hazelcast;
    this.knownNodes = knownNodes;
    this.vertx = vertx;
    this.signer = signer;
    this.nodeId = nodeId;
    this.onLeading = onLeading;
    this.onDeposed = onDeposed;
    this.onPlace = onPlace;
  }

  /** Claims, reads the others' claims and decides; blocking (map calls), so off the event loop. */
  void start() {
    claims = hazelcast.getMap(Addresses.MANAGER_CLAIMS_MAP);
    claims.addEntryListener((EntryAddedListener<String, String>) this::onClaim, true);
    claims.addEntryListener((EntryUpdatedListener<String, String>) this::onClaim, true);
    claims.addEntryListener((EntryRemovedListener<String, String>) this::onClaimGone, false);
    claims.addEntryListener((EntryEvictedListener<String, String>) this::onClaimGone, false);
    UUID self = hazelcast.getCluster().getLocalMember().getUuid();
    claimed.put(self, nodeId);
    claims.put(self.toString(), ownClaim());
    claims.forEach(this::remember);
    // The nodes registered since this node's daemon started (every manager keeps them, leading
    // or not): a crashed one still counts, a cleanly stopped or forgotten one (its entry was
    // removed) no longer does. A daemon registers once it answers on its address.
    IMap<String, String> nodes = hazelcast.getMap(Addresses.NODES_MAP);
    nodes.addEntryListener((EntryAddedListener<String, String>) event -> register(
        event.getKey(), event.getValue()), true);
    nodes.addEntryListener(
        (EntryRemovedListener<String, String>) event -> knownNodes.remove(event.getKey()), false);
    nodes.forEach(this::register);
    hazelcast.getCluster().addMembershipListener(this);
    check();
  }


  /** The nodes a lease needs a majority of ({@link KnownNodes}). */
  Set<String> knownNodes() {
    return knownNodes.snapshot();
  }

  /** Counts a node whose entry in the node map is signed by the cluster. */
  private void register(String node, String entry) {
    if (signer.open(Addresses.NODES_MAP, node, entry).isPresent()) {
      knownNodes.addAll(Set.of(node));
    } else {
      log.warn("refused entry '{}' of map {}: not signed by the cluster", node,
          Addresses.NODES_MAP);
    }
  }

  private Set<String> liveDaemons() {
    return Clusters.liveNodes(hazelcast, DAEMON);
  }

  boolean leading() {
    return leading.get();
  }

  /** This manager's place in line: 0 leads, 1 is next, ...; -1 before its claim is seen. */
  int place() {
    return place;
  }

  /** The node of the leading manager, or null while there is none. */
  String leaderNode() {
    LeaderChoice.Candidate leader = choose().leader();
    return leader == null ? null : claimed.get(leader.uuid());
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    check();
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    UUID gone = event.getMember().getUuid();
    claimed.remove(gone);
    seen.remove(gone);
    // Every manager may clear a departed member's claim; clearing twice is harmless.
    claims.removeAsync(gone.toString());
    check();
  }

  private String ownClaim() {
    return signer.sign(Addresses.MANAGER_CLAIMS_MAP, localUuid(), nodeId);
  }

  private String localUuid() {
    return hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  private void onClaim(EntryEvent<String, String> event) {
    if (event.getKey().equals(localUuid()) && !ownClaim().equals(event.getValue())) {
      log.warn("the claim of this manager in {} was overwritten; putting it back",
          Addresses.MANAGER_CLAIMS_MAP);
      claims.putAsync(event.getKey(), ownClaim());
      return;
    }
    remember(event.getKey(), event.getValue());
    check();
  }

  private void onClaimGone(EntryEvent<String, String> event) {
    if (event.getKey().equals(localUuid())) {
      log.warn("the claim of this manager in {} was removed; putting it back",
          Addresses.MANAGER_CLAIMS_MAP);
      claims.putAsync(event.getKey(), ownClaim());
    }
  }

  private void remember(String key, String value) {
    signer.open(Addresses.MANAGER_CLAIMS_MAP, key, value).ifPresent(node -> {
      try {
        claimed.putIfAbsent(UUID.fromString(key), node);
      } catch (IllegalArgumentException e) {
        log.warn("refused entry '{}' of map {}: not a member id", key,
            Addresses.MANAGER_CLAIMS_MAP);
      }
    });
  }

  private List<LeaderChoice.Candidate> candidates() {
    long now = System.currentTimeMillis();
    List<LeaderChoice.Candidate> managers = new ArrayList<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      String node = member.getAttribute(Clusters.NODE_ATTRIBUTE);
      if (!MANAGER.equals(member.getAttribute(Clusters.ROLE_ATTRIBUTE)) || node == null) {
        continue;
      }
      // A claim counts for the member it was made for, as the node it names.
      boolean proven = node.equals(claimed.get(member.getUuid()));
      long since = seen.computeIfAbsent(member.getUuid(), uuid -> now);
      managers.add(new LeaderChoice.Candidate(member.getUuid(), member.localMember(), proven,
          since));
    }
    return managers;
  }

  private LeaderChoice.Result choose() {
    return LeaderChoice.choose(candidates(), System.currentTimeMillis());
  }

  private synchronized void check() {
    List<LeaderChoice.Candidate> managers = candidates();
    int now = LeaderChoice.place(managers);
    if (now != place) {
      place = now;
      onPlace.accept(now);
    }
    LeaderChoice.Result choice = LeaderChoice.choose(managers, System.currentTimeMillis());
    if (choice.waitMillis() > 0) {
      log.info("an older member says it is a manager but has shown no claim yet; "
          + "deciding in {} ms", choice.waitMillis());
      vertx.setTimer(choice.waitMillis(), id -> check());
      return;
    }
    boolean local = choice.localLeads();
    if (local && leading.compareAndSet(false, true)) {
      onLeading.run();
    } else if (!local && choice.leader() != null && leading.compareAndSet(true, false)) {
      onDeposed.run();
    }
  }
}
