package io.snowfox.runtime.security;

import java.util.Collection;

/**
 * Namespaces (tenants): every job belongs to one, every token acts in one. A management token
 * acts in all of them ({@link #ALL}).
 */
public final class Namespaces {

  /** The namespace of a job whose spec names none. */
  public static final String DEFAULT = "default";
  /** Every namespace: what a management token acts in. */
  public static final String ALL = "*";

  private static final String RULE = "[a-z0-9][a-z0-9-]{0,62}";

  private Namespaces() {}

  /** True when {@code namespace} is a usable namespace name. */
  public static boolean isValid(String namespace) {
    return namespace != null && namespace.matches(RULE);
  }

  /**
   * Checks a namespace name.
   *
   * @throws IllegalArgumentException naming the rule when it is not usable
   */
  public static String check(String namespace) {
    if (!isValid(namespace)) {
      throw new IllegalArgumentException("invalid namespace '" + namespace
          + "': use 1-63 lower-case letters, digits or '-', starting with a letter or digit");
    }
    return namespace;
  }

  /** The namespace a job of this (possibly empty) spec namespace belongs to. */
  public static String ofJob(String specNamespace) {
    return specNamespace == null || specNamespace.isEmpty() ? DEFAULT : specNamespace;
  }

  /**
   * True when partners may act on an object of {@code namespace}. No partners at all is the
   * cluster's own work (a message between roles, never one a user's token caused), which is
   * not restricted: only members holding the cluster's certificate can send on the bus.
   */
  public static boolean allows(Collection<String> partners, String namespace) {
    return partners.isEmpty() || partners.contains(ALL) || partners.contains(namespace);
  }
}
