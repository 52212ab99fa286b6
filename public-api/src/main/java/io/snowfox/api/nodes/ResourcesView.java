package io.snowfox.api.nodes;

import io.vertx.core.json.JsonObject;

/**
 * An amount of resources as the API shows it: {@code {"cpu": 1.5, "memory_mb": 768}}.
 *
 * @param cpu CPU cores; may be a fraction
 * @param memoryMb memory in MiB
 */
record ResourcesView(double cpu, long memoryMb) {

  public JsonObject toJson() {
    return new JsonObject().put("cpu", cpu).put("memory_mb", memoryMb);
  }
}
