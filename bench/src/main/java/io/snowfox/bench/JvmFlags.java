package io.snowfox.bench;

import java.util.List;

/** JVM options of the processes the benchmark starts itself. */
final class JvmFlags {

  /**
   * A SnowFox server role's options, as {@code dist/src/main/dist/bin/snowfox} gives them: a
   * capped heap, small stacks, the serial collector and the JDK openings Hazelcast needs.
   */
  static final List<String> SERVER_ROLE = List.of(
      "-Xmx128m",
      "-Xss512k",
      "-XX:+UseSerialGC",
      "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private JvmFlags() {}
}
