package io.snowfox.protocol;

import io.snowfox.protocol.v1.Role;
import java.util.Locale;

/** Names of roles as they appear in addresses, log lines, file names and the CLI. */
public final class Roles {

  private Roles() {}

  /** {@code ROLE_SPAWNER} becomes {@code spawner}. */
  public static String name(Role role) {
    if (role == null || role == Role.ROLE_UNSPECIFIED || role == Role.UNRECOGNIZED) {
      throw new IllegalArgumentException("not a concrete role: " + role);
    }
    return role.name().substring("ROLE_".length()).toLowerCase(Locale.ROOT);
  }

  /** The role's name, or "" for an unset or unknown role (in views of what was received). */
  public static String nameOrEmpty(Role role) {
    return role == null || role == Role.ROLE_UNSPECIFIED || role == Role.UNRECOGNIZED ? ""
        : name(role);
  }

  /** {@code spawner} becomes {@code ROLE_SPAWNER}. */
  public static Role parse(String name) {
    try {
      Role role = Role.valueOf("ROLE_" + name.toUpperCase(Locale.ROOT));
      if (role != Role.ROLE_UNSPECIFIED) {
        return role;
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // fall through to the error naming the accepted values
    }
    throw new IllegalArgumentException("unknown role '" + name
        + "': expected daemon, spawner, manager, api or client");
  }
}
