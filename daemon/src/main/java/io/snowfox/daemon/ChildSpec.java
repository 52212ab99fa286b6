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

  /** Default heap cap of a child: every JVM a node runs has a bounded heap. */
  public static String defaultHeap(Role role) {
    return role == Role.ROLE_SPAWNER ? "-Xmx96m" : "-Xmx128m";
  }
}
