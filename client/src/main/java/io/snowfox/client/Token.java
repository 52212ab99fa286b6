package io.snowfox.client;

import java.time.Instant;
import java.util.List;

/**
 * A token's record, never its secret.
 *
 * @param id its public id: 16 hex digits
 * @param namespace the namespace it acts in; {@code *} for a management token
 * @param role {@link #READ}, {@link #SUBMIT}, {@link #OPERATE} or {@link #MANAGEMENT}
 * @param description who or what it is for
 * @param createdAt when it was made
 * @param revoked true once revoked
 * @param revokedAt when it was revoked; null while it is not
 */
public record Token(String id, String namespace, String role, String description,
    Instant createdAt, boolean revoked, Instant revokedAt) {

  /** May read jobs, nodes, traces and events of its namespace. */
  public static final String READ = "read";
  /** And submit and stop jobs. */
  public static final String SUBMIT = "submit";
  /** And drain nodes and forget them. */
  public static final String OPERATE = "operate";
  /** Everything in every namespace, tokens included. */
  public static final String MANAGEMENT = "management";
  /** The roles, each allowed what the one before it is, and more. */
  public static final List<String> ROLES = List.of(READ, SUBMIT, OPERATE, MANAGEMENT);
}
