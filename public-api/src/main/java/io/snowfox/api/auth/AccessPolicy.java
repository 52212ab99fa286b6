package io.snowfox.api.auth;

import io.snowfox.protocol.v1.TokenRole;
import io.vertx.core.http.HttpMethod;

/**
 * The role each call of the API needs: reading needs {@code read}, submitting and stopping jobs
 * {@code submit}, node operations {@code operate}, tokens {@code management}. A call the API
 * does not know needs {@code read}, so that its 404 never tells a stranger anything.
 */
public final class AccessPolicy {

  private AccessPolicy() {}

  /** The least role that may make the call {@code method path}. */
  public static TokenRole needed(HttpMethod method, String path) {
    if (path.equals("/v1/tokens") || path.startsWith("/v1/tokens/")) {
      return TokenRole.TOKEN_ROLE_MANAGEMENT;
    }
    if (path.startsWith("/v1/nodes/") && !method.equals(HttpMethod.GET)
        && !method.equals(HttpMethod.HEAD)) {
      return TokenRole.TOKEN_ROLE_OPERATE;
    }
    if (path.equals("/v1/jobs") || path.startsWith("/v1/jobs/")) {
      return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)
          ? TokenRole.TOKEN_ROLE_READ : TokenRole.TOKEN_ROLE_SUBMIT;
    }
    return TokenRole.TOKEN_ROLE_READ;
  }
}
