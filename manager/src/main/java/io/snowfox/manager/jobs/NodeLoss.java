package io.snowfox.manager.jobs;

import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When a node is gone, and which runs go with it. Pure; the table of cases is in the test.
 *
 * <p>A node is gone when neither its daemon nor its spawner is a cluster member: a spawner alone
 * going away is a restart its daemon is doing (the new spawner adopts the runs), and a daemon
 * alone going away leaves a spawner that still runs and reports them.
 *
 * <p>Only a leader that sees a majority of the known nodes' daemons declares nodes gone. On the
 * minority side of a network split (or a leader frozen past the failure timeout and resumed) every
 * other node seems gone; re-placing their instances there would run them twice. A node is known
 * from the moment its daemon registers until it stops cleanly, so a node that crashed still
 * counts: with two nodes, the loss of one is not a majority, and its instances wait for it.
 */
public final class NodeLoss {

  private NodeLoss() {}

  /** Whether a node with these members alive is gone. */
  public static boolean gone(String node, Set<String> liveSpawners, Set<String> liveDaemons) {
    return !liveSpawners.contains(node) && !liveDaemons.contains(node);
  }

  /** Whether the live daemons are a strict majority of the known nodes. */
  public static boolean quorum(Set<String> known, Set<String> liveDaemons) {
    return io.snowfox.runtime.lease.Majority.strict(known, liveDaemons);
  }

  /**
   * The runs a gone node takes with it: of the instances placed there, those starting, running
   * or stopping; run id to job id, in job order.
   */
  public static Map<String, String> runsOn(Collection<Job> jobs, String node) {
    Map<String, String> runs = new LinkedHashMap<>();
    for (Job job : jobs) {
      for (Instance instance : job.getInstancesList()) {
        InstanceState state = instance.getState();
        if (node.equals(instance.getNodeId())
            && (state == InstanceState.INSTANCE_STATE_STARTING
                || state == InstanceState.INSTANCE_STATE_RUNNING
                || state == InstanceState.INSTANCE_STATE_STOPPING)) {
          runs.put(instance.getRunId(), job.getId());
        }
      }
    }
    return runs;
  }
}
