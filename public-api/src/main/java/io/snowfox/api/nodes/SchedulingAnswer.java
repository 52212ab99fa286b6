package io.snowfox.api.nodes;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.StatusNames;
import io.snowfox.protocol.v1.NodeAllocation;
import io.snowfox.protocol.v1.NodeSchedulingResponse;
import java.util.HashMap;
import java.util.Map;

/**
 * The leading manager's answer to NodeSchedulingRequest as the node listing uses it: the leader,
 * its epoch and each node's allocation; or, when it did not answer, why.
 *
 * @param view what the listing says of the answer
 * @param nodes what the leader says of each node it lists, by node id
 */
record SchedulingAnswer(SchedulingView view, Map<String, NodeSchedulingView> nodes) {

  static SchedulingAnswer of(NodeSchedulingResponse response) {
    Map<String, NodeSchedulingView> nodes = new HashMap<>();
    for (NodeAllocation allocation : response.getNodesList()) {
      nodes.put(allocation.getNodeId(), new NodeSchedulingView(
          allocation.getNodeId().equals(response.getLeaderNodeId()),
          response.getLeaderEpoch(), NodeViews.from(allocation)));
    }
    return new SchedulingAnswer(
        SchedulingView.of(response.getLeaderNodeId(), response.getLeaderEpoch()), Map.copyOf(nodes));
  }

  /** No answer: the nodes are listed without scheduling fields, and the listing says why. */
  static SchedulingAnswer failed(Throwable failure) {
    String code = failure instanceof StatusException status ? StatusNames.of(status.code())
        : "INTERNAL";
    return new SchedulingAnswer(SchedulingView.unavailable(code,
        "no scheduling from the leading manager: " + failure.getMessage()), Map.of());
  }

  /** {@code node} with what the leader says of it; unchanged when the leader does not list it. */
  NodeView merge(NodeView node) {
    NodeSchedulingView scheduling = nodes.get(node.nodeId());
    return scheduling == null ? node : node.withScheduling(scheduling);
  }
}
