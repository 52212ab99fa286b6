package io.snowfox.manager.placement;

import java.util.Map;

/**
 * A node that can run instances now: its spawner is a live cluster member.
 *
 * @param nodeId the node
 * @param labels the labels its daemon was started with ({@code --label k=v})
 * @param load instances of any job currently placed there and not ended
 */
public record NodeCandidate(String nodeId, Map<String, String> labels, int load) {}
