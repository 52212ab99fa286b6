package io.snowfox.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * The answer of {@code POST /v1/tokens}: the new token, with its secret shown this once.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param secret the token to present, {@code sfx_<id>_<secret>} ({@code "token"} in the JSON)
 * @param token its record, whose fields the JSON carries next to the secret
 */
public record CreatedToken(String correlationId, String secret, Token token) {

  public CreatedToken {
    Objects.requireNonNull(token, "token");
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static CreatedToken fromJson(ObjectNode json) {
    return new CreatedToken(json.path("correlation_id").asText(""),
        json.path("token").asText(""), Json.read(json, Token.class));
  }
}
