package io.snowfox.api.nodes;

import io.snowfox.protocol.Micros;
import io.snowfox.protocol.StatusNames;
import io.snowfox.protocol.v1.NodeAllocation;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.Resources;
import io.snowfox.protocol.v1.SubsystemStatus;
import java.util.List;

/** Maps the wire's node status and scheduling to the API's own shapes. */
final class NodeViews {

  private NodeViews() {}

  static NodeView from(NodeInfoResponse info) {
    List<SubsystemView> parts = info.getSubsystemsList().stream().map(NodeViews::from).toList();
    return new NodeView(info.getNodeId(), true, StatusNames.of(info.getStatus()), info.getReason(),
        info.getVersion(), time(info.getStartedAtMicros()), info.getClusterMembers(), parts, null);
  }

  static SubsystemView from(SubsystemStatus status) {
    return new SubsystemView(status.getName(), StatusNames.of(status.getStatus()), status.getState(),
        status.getReason(), status.getPid(), status.getRestarts());
  }

  static AllocationView from(NodeAllocation allocation) {
    return new AllocationView(allocation.getNodeId(), from(allocation.getCapacity()),
        from(allocation.getAllocated()), allocation.getInstances(), allocation.getDraining(),
        allocation.getSchedulable());
  }

  static ResourcesView from(Resources resources) {
    return new ResourcesView(resources.getCpu(), resources.getMemoryMb());
  }

  private static String time(long micros) {
    return micros == 0 ? ""
        : Micros.iso(micros);
  }
}
