package io.snowfox.client;

import java.time.Instant;

/**
 * One log line of a trace.
 *
 * @param time when it was written
 * @param node the node
 * @param role the process: daemon, spawner, manager or api
 * @param level INFO, WARN, ...
 * @param kind what it is about: the message kind handled, or the log's own kind
 * @param message the line
 * @param logger the logger that wrote it
 */
public record TraceEntry(Instant time, String node, String role, String level, String kind,
    String message, String logger) {}
