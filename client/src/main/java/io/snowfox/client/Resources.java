package io.snowfox.client;

/**
 * An amount of resources: {@code {"cpu": 1.5, "memory_mb": 768}}.
 *
 * @param cpu CPU cores; may be a fraction
 * @param memoryMb memory in MiB
 */
public record Resources(double cpu, long memoryMb) {

  /** No resources. */
  public static final Resources NONE = new Resources(0, 0);
}
