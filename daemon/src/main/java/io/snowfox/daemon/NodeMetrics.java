package io.snowfox.daemon;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.snowfox.daemon.supervision.Supervision;
import java.util.List;

/**
 * The daemon's series: its children's restarts and whether each runs, and the cluster's
 * members as this node sees them. All are read from state at scrape time; nothing is counted
 * on the way.
 */
final class NodeMetrics {

  /** Restarts of a child since the daemon started (only grows). */
  static final String CHILD_RESTARTS = "snowfox.child.restarts";
  /** 1 while a child is RUNNING (healthy), 0 otherwise. */
  static final String CHILD_RUNNING = "snowfox.child.running";
  /** Hazelcast members of the cluster (every process of every node). */
  static final String CLUSTER_MEMBERS = "snowfox.cluster.members";

  private NodeMetrics() {}

  static void register(MeterRegistry registry, List<ChildSupervisor> children,
      HazelcastInstance hazelcast) {
    for (ChildSupervisor child : children) {
      String name = child.status().getName();
      FunctionCounter.builder(CHILD_RESTARTS, child, c -> c.status().getRestarts())
          .description("Restarts of the daemon's child since the daemon started")
          .tag("child", name)
          .register(registry);
      Gauge.builder(CHILD_RUNNING, child, c -> Supervision.State.RUNNING.name()
              .equals(c.status().getState()) ? 1 : 0)
          .description("1 while the daemon's child runs and answers health checks, else 0")
          .tag("child", name)
          .strongReference(true)
          .register(registry);
    }
    Gauge.builder(CLUSTER_MEMBERS, hazelcast, NodeMetrics::members)
        .description("Members of the cluster as this node's daemon sees them (every process "
            + "of every node)")
        .strongReference(true)
        .register(registry);
  }

  private static double members(HazelcastInstance hazelcast) {
    try {
      return hazelcast.getCluster().getMembers().size();
    } catch (RuntimeException e) {
      return Double.NaN; // shutting down
    }
  }
}
