package io.snowfox.api.nodes;

import io.snowfox.protocol.StatusNames;
import io.snowfox.protocol.Micros;
import io.snowfox.api.client.NodeView;
import io.snowfox.api.client.SubsystemView;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.SubsystemStatus;
import java.util.List;

/** Maps the wire's node status to the API's own shapes. */
final class NodeViews {

  private NodeViews() {}

  static NodeView from(NodeInfoResponse info) {
    List<SubsystemView> parts = info.getSubsystemsList().stream().map(NodeViews::from).toList();
    return new NodeView(info.getNodeId(), true, StatusNames.of(info.getStatus()), info.getReason(),
        info.getVersion(), time(info.getStartedAtMicros()), info.getClusterMembers(), parts);
  }

  static SubsystemView from(SubsystemStatus status) {
    return new SubsystemView(status.getName(), StatusNames.of(status.getStatus()), status.getState(),
        status.getReason(), status.getPid(), status.getRestarts());
  }


  private static String time(long micros) {
    return micros == 0 ? ""
        : Micros.iso(micros);
  }
}
