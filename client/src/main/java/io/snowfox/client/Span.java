package io.snowfox.client;

import java.time.Instant;

/**
 * One hop of a request: a process on a node handling one of its messages.
 *
 * @param spanId its id
 * @param parentSpanId the hop that caused it; empty for the request's root span
 * @param name what was handled
 * @param node the node
 * @param role the process: daemon, spawner, manager, api, client, or empty
 * @param start when it began
 * @param durationUs how long it took, in microseconds
 * @param status {@code OK} or an error code
 */
public record Span(String spanId, String parentSpanId, String name, String node, String role,
    Instant start, long durationUs, String status) {}
