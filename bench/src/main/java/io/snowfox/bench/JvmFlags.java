package io.snowfox.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JVM options of the processes the benchmark starts itself. */
final class JvmFlags {

  /**
   * A SnowFox server role's options, as the launcher and the daemon give them (ServerJvm: C1,
   * a small elastic heap, the serial collector, the JDK openings Hazelcast needs) with the
   * API's heap cap. Not the class-data archive: it fits only the distribution's class path.
   */
  static final List<String> SERVER_ROLE = java.util.stream.Stream.concat(
      io.snowfox.daemon.ServerJvm.OPTIONS.stream(), java.util.stream.Stream.of("-Xmx128m"))
      .toList();

  private JvmFlags() {}

  /**
   * A JVM of this benchmark's Java with {@link #SERVER_ROLE} flags and the bench's class path,
   * running {@code main}: the peers it measures start as a SnowFox role would.
   */
  static List<String> serverRole(Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SERVER_ROLE);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    return command;
  }
}
