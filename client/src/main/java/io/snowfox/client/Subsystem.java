package io.snowfox.client;

/**
 * One part of a node: daemon, spawner, manager, api or cluster.
 *
 * @param name the subsystem's name
 * @param status GREEN, YELLOW or RED
 * @param state supervision state of a child process (RUNNING, BACKING_OFF, ...) or a summary
 * @param reason why it is not GREEN; empty when it is
 * @param pid the process id, 0 when there is no process
 * @param restarts how many times the daemon restarted it
 */
public record Subsystem(String name, String status, String state, String reason, long pid,
    int restarts) {}
