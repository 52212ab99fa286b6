package io.snowfox.api.client;

import io.vertx.core.json.JsonObject;

/**
 * An amount of resources as the API shows it: {@code {"cpu": 1.5, "memory_mb": 768}}.
 *
 * @param cpu CPU cores; may be a fraction
 * @param memoryMb memory in MiB
 */
public record ResourcesView(double cpu, long memoryMb) {

  /** No resources. */
  public static final ResourcesView NONE = new ResourcesView(0, 0);

  public JsonObject toJson() {
    return new JsonObject().put("cpu", cpu).put("memory_mb", memoryMb);
  }

  /** The resources of {@code json}; {@link #NONE} when it is null. */
  public static ResourcesView fromJson(JsonObject json) {
    if (json == null) {
      return NONE;
    }
    Number cpu = json.getNumber("cpu", 0);
    Number memory = json.getNumber("memory_mb", 0);
    return new ResourcesView(cpu.doubleValue(), memory.longValue());
  }
}
