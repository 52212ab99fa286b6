package io.snowfox.bench;

import java.util.List;

/**
 * The parts of a SnowFox process a profile sample is attributed to, by the class of a frame.
 * Order matters: a class belongs to the first area with a matching prefix, so the narrow areas
 * (JsonFormat inside protobuf, forks and crypto inside the JDK) come before the wide ones.
 */
enum CodeArea {
  SNOWFOX("SnowFox (`io.snowfox`)", "io.snowfox."),
  H2("H2 (`org.h2`)", "org.h2."),
  HAZELCAST("Hazelcast", "com.hazelcast."),
  NETTY("Netty", "io.netty."),
  VERTX("Vert.x", "io.vertx."),
  PROTOBUF_JSON("protobuf `JsonFormat`", "com.google.protobuf.util.JsonFormat"),
  PROTOBUF("protobuf, the rest", "com.google.protobuf."),
  JACKSON("Jackson (Vert.x's JSON)", "com.fasterxml.jackson."),
  LOGGING("Logback, SLF4J", "ch.qos.logback.", "org.slf4j."),
  CRYPTO("crypto: TLS, HMAC (`javax.crypto`, `sun.security`, `com.sun.crypto`)",
      "javax.crypto.", "sun.security.", "com.sun.crypto."),
  FORKS("forks (`ProcessBuilder`, `ProcessImpl`)", "java.lang.ProcessBuilder",
      "java.lang.ProcessImpl"),
  /** Only for top frames: nearly every stack holds a JDK frame, so inclusive it says nothing. */
  JDK("JDK, the rest (top frame only)", "java.", "javax.", "jdk.", "sun.", "com.sun."),
  OTHER("other");

  private final String label;
  private final List<String> prefixes;

  CodeArea(String label, String... prefixes) {
    this.label = label;
    this.prefixes = List.of(prefixes);
  }

  String label() {
    return label;
  }

  /** Whether a stack holding a frame of this area is worth counting as "inclusive". */
  boolean inclusive() {
    return this != JDK;
  }

  /** The area of a class, by its binary name ({@code a.b.C$Inner}). */
  static CodeArea of(String className) {
    for (CodeArea area : values()) {
      for (String prefix : area.prefixes) {
        if (className.startsWith(prefix)) {
          return area;
        }
      }
    }
    return OTHER;
  }
}
