package io.snowfox.client;

import java.util.Objects;

/**
 * What the leading manager says of one node.
 *
 * @param leader true when this node's manager leads
 * @param epoch the current leader epoch (a number that grows each time the lead changes hands)
 * @param allocation what the node offers, what is reserved on it, whether it takes instances
 */
public record NodeScheduling(boolean leader, long epoch, Allocation allocation) {

  public NodeScheduling {
    Objects.requireNonNull(allocation, "allocation");
  }
}
