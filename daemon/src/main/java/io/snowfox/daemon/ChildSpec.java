package io.snowfox.daemon;

import io.snowfox.protocol.v1.Role;
import java.util.List;

/**
 * What a daemon starts for one child: its role, JVM options and program arguments.
 *
 * @param role spawner, manager or api
 * @param jvmOptions JVM options after the defaults (later ones win, so users can override)
 * @param args arguments after the role's name
 */
public record ChildSpec(Role role, List<String> jvmOptions, List<String> args) {

  /** The children a daemon starts (together), in the order node status lists them. */
  public static final List<Role> SUPERVISED =
      List.of(Role.ROLE_SPAWNER, Role.ROLE_MANAGER, Role.ROLE_API);

  /**
   * Default heap cap of a child: every JVM a node runs has a bounded heap. The manager holds
   * every retained job in memory (a day of them by default) and reads them all when it takes
   * the lead: 100,000 ended jobs did not fit in 128 MiB (docs/benchmarks.md, the history
   * series). Heaps start small and give memory back (ServerJvm), so a cap costs nothing until
   * it is used.
   */
  public static String defaultHeap(Role role) {
    return switch (role) {
      case ROLE_SPAWNER -> "-Xmx96m";
      case ROLE_MANAGER -> "-Xmx512m";
      default -> "-Xmx128m";
    };
  }

  /**
   * The role's own JVM options, after the server settings: its collector and heap ({@link
   * ServerJvm#JOB_HEAP} for the manager, {@link ServerJvm#SMALL_HEAP} for the others), its heap
   * cap and, for the spawner,
   * {@code vfork} to start processes. The JDK's default, {@code posix_spawn} of its helper
   * {@code jspawnhelper} that then execs the command, costs one exec more per process: measured
   * here, 1.2 ms instead of 1.8 ms of CPU per {@code setsid /bin/true}.
   */
  public static List<String> defaultJvmOptions(Role role) {
    List<String> options = new java.util.ArrayList<>(role == Role.ROLE_MANAGER
        ? ServerJvm.JOB_HEAP : ServerJvm.SMALL_HEAP);
    options.add(defaultHeap(role));
    if (role == Role.ROLE_SPAWNER) {
      options.add("-Djdk.lang.Process.launchMechanism=VFORK");
    }
    return List.copyOf(options);
  }
}
