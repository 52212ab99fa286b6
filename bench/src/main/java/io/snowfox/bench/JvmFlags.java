package io.snowfox.bench;

import java.util.List;

/** JVM options of the processes the benchmark starts itself. */
final class JvmFlags {

  /**
   * A SnowFox server role's options, as {@code dist/src/main/dist/bin/snowfox} gives them: a
   * capped heap, small stacks, the serial collector and the JDK openings Hazelcast needs.
   */
  static final List<String> SERVER_ROLE = java.util.stream.Stream.concat(
      java.util.stream.Stream.of("-Xmx128m", "-Xss512k", "-XX:+UseSerialGC"),
      io.snowfox.runtime.cluster.Clusters.JVM_OPTIONS.stream()).toList();

  private JvmFlags() {}
}
