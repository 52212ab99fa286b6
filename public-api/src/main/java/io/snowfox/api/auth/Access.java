package io.snowfox.api.auth;

import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.runtime.security.TokenRoles;
import java.util.List;

/**
 * Who is asking: the token a request was authenticated with, its namespace and its role.
 *
 * @param tokenId the token's public id (never its secret)
 * @param namespace the namespace the token acts in, {@link Namespaces#ALL} for management
 * @param role what the token may do
 */
public record Access(String tokenId, String namespace, TokenRole role) {

  /** True when the token's role includes {@code needed}. */
  public boolean may(TokenRole needed) {
    return TokenRoles.includes(role, needed);
  }

  /** True when the token may see and act on objects of {@code objectNamespace}. */
  public boolean covers(String objectNamespace) {
    return Namespaces.ALL.equals(namespace) || namespace.equals(objectNamespace);
  }

  /** The WRP partner ids of the requests this token's calls make. */
  public List<String> partners() {
    return List.of(namespace);
  }
}
