package io.snowfox.runtime.security;

import io.snowfox.protocol.v1.TokenRole;
import java.util.Locale;

/** Token roles as people write them ({@code read}, {@code submit}, ...) and how they nest. */
public final class TokenRoles {

  private static final String PREFIX = "TOKEN_ROLE_";

  private TokenRoles() {}

  /** True when a token of role {@code held} may do what needs {@code needed}. */
  public static boolean includes(TokenRole held, TokenRole needed) {
    return held != TokenRole.TOKEN_ROLE_UNSPECIFIED && held != TokenRole.UNRECOGNIZED
        && held.getNumber() >= needed.getNumber();
  }

  /** {@code TOKEN_ROLE_SUBMIT} becomes {@code submit}. */
  public static String name(TokenRole role) {
    return role.name().replaceFirst("^" + PREFIX, "").toLowerCase(Locale.ROOT);
  }

  /**
   * The role named {@code name} (read, submit, operate or management).
   *
   * @throws IllegalArgumentException listing the roles when it names none
   */
  public static TokenRole parse(String name) {
    if (name != null) {
      for (TokenRole role : TokenRole.values()) {
        if (role != TokenRole.UNRECOGNIZED && role != TokenRole.TOKEN_ROLE_UNSPECIFIED
            && name(role).equals(name)) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException("role: must be read, submit, operate or management, not '"
        + name + "'");
  }
}
