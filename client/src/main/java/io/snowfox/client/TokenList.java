package io.snowfox.client;

import java.util.List;

/**
 * The answer of {@code GET /v1/tokens}: every token that is not revoked.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param tokens the tokens
 */
public record TokenList(String correlationId, List<Token> tokens) {

  public TokenList {
    tokens = Json.list(tokens);
  }
}
