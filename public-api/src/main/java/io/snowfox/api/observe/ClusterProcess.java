package io.snowfox.api.observe;

import com.hazelcast.cluster.Member;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.role.RoleContext;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SnowFox process of the cluster, that an API server asks for what each process keeps (its
 * metrics, its recent events); ordered by node, then role.
 */
record ClusterProcess(String nodeId, Role role) implements Comparable<ClusterProcess> {

  private static final Logger log = LoggerFactory.getLogger(ClusterProcess.class);

  @Override
  public int compareTo(ClusterProcess other) {
    int byNode = nodeId.compareTo(other.nodeId);
    return byNode != 0 ? byNode : Integer.compare(role.getNumber(), other.role.getNumber());
  }

  Endpoint endpoint() {
    return Endpoint.newBuilder().setNodeId(nodeId).setRole(role).build();
  }

  /** As people read it: {@code manager@node-1}. */
  @Override
  public String toString() {
    return Roles.name(role) + "@" + nodeId;
  }

  /**
   * The processes of {@code roles} that are cluster members now, by the node and role each
   * joined with; none without a cluster (or while Hazelcast shuts down).
   */
  static Set<ClusterProcess> members(RoleContext context, Set<Role> roles) {
    Set<ClusterProcess> processes = new TreeSet<>();
    if (context.hazelcast() == null) {
      return processes;
    }
    try {
      for (Member member : context.hazelcast().getCluster().getMembers()) {
        String node = member.getAttribute(Clusters.NODE_ATTRIBUTE);
        String role = member.getAttribute(Clusters.ROLE_ATTRIBUTE);
        if (node == null || role == null) {
          continue;
        }
        try {
          Role parsed = Roles.parse(role);
          if (roles.contains(parsed)) {
            processes.add(new ClusterProcess(Addresses.checkNodeId(node), parsed));
          }
        } catch (IllegalArgumentException e) {
          // Not a SnowFox process (a tool, a bench member): nothing to ask.
        }
      }
    } catch (RuntimeException e) {
      log.debug("cluster members unavailable: {}", e.toString());
    }
    return processes;
  }
}
