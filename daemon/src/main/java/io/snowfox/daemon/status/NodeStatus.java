package io.snowfox.daemon.status;

import io.snowfox.daemon.supervision.Supervision.State;
import io.snowfox.protocol.v1.StatusColour;
import io.snowfox.protocol.v1.SubsystemStatus;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A node's traffic light, derived from its parts: the worst subsystem colour wins, and the
 * reason names every subsystem of that colour. Pure: the same parts always give the same status.
 */
public final class NodeStatus {

  /** A node's colour and why. */
  public record Summary(StatusColour colour, String reason) {}

  private NodeStatus() {}

  /** The colour of a supervised child in {@code state}. */
  public static StatusColour childColour(State state, boolean crashLooping) {
    if (crashLooping) {
      return StatusColour.STATUS_COLOUR_RED;
    }
    return state == State.RUNNING ? StatusColour.STATUS_COLOUR_GREEN
        : StatusColour.STATUS_COLOUR_YELLOW;
  }

  /** The node's colour: the worst of its parts; the reason lists the parts of that colour. */
  public static Summary of(List<SubsystemStatus> parts) {
    StatusColour worst = StatusColour.STATUS_COLOUR_GREEN;
    for (SubsystemStatus part : parts) {
      if (rank(part.getStatus()) > rank(worst)) {
        worst = part.getStatus();
      }
    }
    StatusColour colour = worst;
    String reason = colour == StatusColour.STATUS_COLOUR_GREEN ? "" : parts.stream()
        .filter(p -> p.getStatus() == colour)
        .map(p -> p.getReason().isEmpty() ? p.getName() + " is " + p.getState() : p.getReason())
        .collect(Collectors.joining("; "));
    return new Summary(colour, reason);
  }


  private static int rank(StatusColour colour) {
    switch (colour) {
      case STATUS_COLOUR_GREEN:
        return 0;
      case STATUS_COLOUR_YELLOW:
        return 1;
      case STATUS_COLOUR_RED:
        return 2;
      default:
        return 1; // an unknown colour is not known to be fine
    }
  }
}
