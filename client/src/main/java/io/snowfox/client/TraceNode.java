package io.snowfox.client;

/**
 * How one node answered a trace search.
 *
 * @param nodeId the node
 * @param answered false when it did not answer by the deadline
 * @param entries the lines it found; 0 when it did not answer
 * @param truncated true when it found more lines than it may send
 * @param bytesScanned how much log it read
 * @param error why it did not answer; empty when it did
 */
public record TraceNode(String nodeId, boolean answered, int entries, boolean truncated,
    long bytesScanned, String error) {}
