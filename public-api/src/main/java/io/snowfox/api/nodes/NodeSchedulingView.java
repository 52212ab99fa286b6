package io.snowfox.api.nodes;

/**
 * What the leading manager says of one node.
 *
 * @param leader true when this node's manager leads
 * @param epoch the current leader epoch (a number that grows each time the lead changes hands)
 * @param allocation what the node offers, what is reserved on it, whether it takes instances
 */
record NodeSchedulingView(boolean leader, long epoch, AllocationView allocation) {}
