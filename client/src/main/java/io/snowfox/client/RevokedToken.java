package io.snowfox.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The answer of {@code DELETE /v1/tokens/{id}}: the token, revoked.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param token its record, whose fields the JSON carries next to the correlation id
 */
public record RevokedToken(String correlationId, Token token) {

  public RevokedToken {
    Objects.requireNonNull(token, "token");
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static RevokedToken fromJson(ObjectNode json) {
    return new RevokedToken(json.path("correlation_id").asText(""),
        Json.read(json, Token.class));
  }
}
