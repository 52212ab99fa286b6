package io.snowfox.api.nodes;

import io.vertx.core.json.JsonObject;

/**
 * One part of a node as the API shows it: daemon, spawner, manager, api or cluster.
 *
 * @param name subsystem name
 * @param status GREEN, YELLOW or RED
 * @param state supervision state of a child process (RUNNING, BACKING_OFF, ...) or a summary
 * @param reason why it is not GREEN; empty when it is
 * @param pid the process id, 0 when there is no process
 * @param restarts how many times the daemon restarted it
 */
record SubsystemView(String name, String status, String state, String reason, long pid,
    int restarts) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("name", name)
        .put("status", status)
        .put("state", state)
        .put("reason", reason)
        .put("pid", pid)
        .put("restarts", restarts);
  }
}
