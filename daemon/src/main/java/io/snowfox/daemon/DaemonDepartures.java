package io.snowfox.daemon;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Events;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.role.RoleContext;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes node.left when another node's daemon leaves the cluster, cleanly or not. Every
 * daemon sees the departure; only the oldest remaining one publishes it, so it is published once.
 */
final class DaemonDepartures implements MembershipListener {

  private static final Logger log = LoggerFactory.getLogger(DaemonDepartures.class);
  private static final String DAEMON = Roles.name(Role.ROLE_DAEMON);

  private final RoleContext context;
  private final Events events;

  DaemonDepartures(RoleContext context, Events events) {
    this.context = context;
    this.events = events;
  }

  @Override
  public void memberAdded(MembershipEvent event) {
    // node.joined is published by the joining daemon itself
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    Member gone = event.getMember();
    if (!DAEMON.equals(gone.getAttribute(Clusters.ROLE_ATTRIBUTE))) {
      return;
    }
    Member oldest = context.hazelcast().getCluster().getMembers().stream()
        .filter(m -> DAEMON.equals(m.getAttribute(Clusters.ROLE_ATTRIBUTE)))
        .findFirst().orElse(null);
    String node = gone.getAttribute(Clusters.NODE_ATTRIBUTE);
    log.warn("node {} left the cluster", node);
    if (oldest != null && oldest.localMember()) {
      events.publish(EventTypes.NODE_LEFT, "", Map.of("node", node == null ? "" : node));
    }
  }
}
