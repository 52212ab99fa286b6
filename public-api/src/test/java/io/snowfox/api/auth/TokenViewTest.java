package io.snowfox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.ApiJson;
import io.snowfox.client.CreatedToken;
import io.snowfox.client.RevokedToken;
import io.snowfox.client.Token;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.v1.TokenRecord;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.security.TokenRoles;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tokens as the API writes them, read by the Java client: both keep to one shape. */
class TokenViewTest {

  private static final Instant CREATED = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant REVOKED = Instant.parse("2030-01-02T00:00:00.5Z");

  private static TokenRecord record() {
    return TokenRecord.newBuilder().setId("0123456789abcdef").setNamespace("team-a")
        .setRole(TokenRole.TOKEN_ROLE_SUBMIT).setDescription("ci")
        .setCreatedAtMicros(Micros.of(CREATED)).build();
  }

  @Test
  void theClientKnowsEveryRoleTheApiWrites() {
    for (TokenRole role : TokenRole.values()) {
      if (role != TokenRole.TOKEN_ROLE_UNSPECIFIED && role != TokenRole.UNRECOGNIZED) {
        assertThat(Token.ROLES).contains(TokenRoles.name(role));
      }
    }
  }

  @Test
  void theClientReadsACreatedTokenWithItsSecretBesideItsRecord() {
    String json = TokenEndpoint.view(record()).put("token", "sfx_0123456789abcdef_00")
        .put("correlation_id", "c-1").encode();

    assertThat(ApiJson.read(json, CreatedToken.class)).isEqualTo(new CreatedToken("c-1",
        "sfx_0123456789abcdef_00", new Token("0123456789abcdef", "team-a", Token.SUBMIT, "ci",
            CREATED, false, null)));
  }

  @Test
  void theClientReadsARevokedTokenWithWhenItWasRevoked() {
    String json = TokenEndpoint.view(record().toBuilder().setRevoked(true)
        .setRevokedAtMicros(Micros.of(REVOKED)).build()).put("correlation_id", "c-2").encode();

    RevokedToken read = ApiJson.read(json, RevokedToken.class);

    assertThat(read.correlationId()).isEqualTo("c-2");
    assertThat(read.token().revoked()).isTrue();
    assertThat(read.token().revokedAt()).isEqualTo(REVOKED);
  }
}
