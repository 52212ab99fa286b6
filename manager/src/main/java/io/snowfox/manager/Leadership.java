package io.snowfox.manager;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.cluster.Clusters;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which manager leads: the one that joined the cluster first among the live managers. Every
 * member sees the same member list in the same (join) order, so they all agree without a vote.
 * The others stand by; when the leader leaves, the next oldest takes over.
 */
final class Leadership implements MembershipListener {

  private static final String MANAGER = Roles.name(Role.ROLE_MANAGER);

  private final HazelcastInstance hazelcast;
  private final Runnable onLeading;
  private final Runnable onDeposed;
  private final AtomicBoolean leading = new AtomicBoolean();

  /**
   * Calls {@code onLeading} once, when (or as soon as) this manager leads, and
   * {@code onDeposed} if it then stops leading (after a partition, another manager may have
   * taken over: two leaders must never serve at once).
   */
  Leadership(HazelcastInstance hazelcast, Runnable onLeading, Runnable onDeposed) {
    this.hazelcast = hazelcast;
    this.onLeading = onLeading;
    this.onDeposed = onDeposed;
  }

  void start() {
    hazelcast.getCluster().addMembershipListener(this);
    check();
  }

  boolean leading() {
    return leading.get();
  }

  /** The node of the leading manager, or null while there is none. */
  String leaderNode() {
    Member leader = leader();
    return leader == null ? null : leader.getAttribute(Clusters.NODE_ATTRIBUTE);
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    check();
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    check();
  }

  private Member leader() {
    return hazelcast.getCluster().getMembers().stream()
        .filter(m -> MANAGER.equals(m.getAttribute(Clusters.ROLE_ATTRIBUTE)))
        .findFirst().orElse(null);
  }

  private void check() {
    Member leader = leader();
    boolean local = leader != null && leader.localMember();
    if (local && leading.compareAndSet(false, true)) {
      onLeading.run();
    } else if (!local && leader != null && leading.compareAndSet(true, false)) {
      onDeposed.run();
    }
  }
}
