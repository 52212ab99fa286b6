package io.snowfox.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.TokenRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTokensTest {

  @Test
  void anIssuedTokenVerifiesAgainstItsRecordWhichHoldsNoSecret() {
    ApiTokens.Issued issued = ApiTokens.issue("team-a", TokenRole.TOKEN_ROLE_SUBMIT, "ci", 7);
    ApiTokens.Presented presented = ApiTokens.parse(issued.token()).orElseThrow();

    assertThat(ApiTokens.verifies(issued.record(), presented)).isTrue();
    assertThat(issued.record().toByteString().toString(StandardCharsets.ISO_8859_1))
        .doesNotContain(presented.secret());
    assertThat(issued.record().getNamespace()).isEqualTo("team-a");
    assertThat(issued.record().getId()).isEqualTo(presented.id());
  }

  @Test
  void aRevokedOrAnotherTokenDoesNotVerify() {
    ApiTokens.Issued issued = ApiTokens.issue("team-a", TokenRole.TOKEN_ROLE_READ, "", 1);
    ApiTokens.Issued other = ApiTokens.issue("team-a", TokenRole.TOKEN_ROLE_READ, "", 1);
    ApiTokens.Presented presented = ApiTokens.parse(issued.token()).orElseThrow();
    ApiTokens.Presented forged = new ApiTokens.Presented(presented.id(),
        ApiTokens.parse(other.token()).orElseThrow().secret());

    assertThat(ApiTokens.verifies(issued.record().toBuilder().setRevoked(true).build(),
        presented)).isFalse();
    assertThat(ApiTokens.verifies(issued.record(), forged)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sfx_", "sfx_0123456789abcdef", "Bearer x",
      "sfx_0123456789ABCDEF_0000000000000000000000000000000000000000000000000000000000000000",
      "sfx_0123456789abcdef_000"})
  void malformedTokensAreNotParsed(String token) {
    assertThat(ApiTokens.parse(token)).isEmpty();
  }

  @Test
  void theManagementTokenIsWrittenOnceForTheDaemonsUserOnly(@TempDir Path dir) throws Exception {
    String first = ManagementToken.ensure(dir, "n1");
    String again = ManagementToken.ensure(dir, "n1");

    assertThat(again).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
        ManagementToken.file(dir)))).isEqualTo("rw-------");
    assertThat(ApiTokens.parse(first)).isPresent();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(ManagementToken.file(dir));
    }
  }

  @Test
  void rolesNestAndReadAsPeopleWriteThem() {
    assertThat(TokenRoles.includes(TokenRole.TOKEN_ROLE_OPERATE, TokenRole.TOKEN_ROLE_SUBMIT))
        .isTrue();
    assertThat(TokenRoles.includes(TokenRole.TOKEN_ROLE_READ, TokenRole.TOKEN_ROLE_SUBMIT))
        .isFalse();
    assertThat(TokenRoles.includes(TokenRole.TOKEN_ROLE_UNSPECIFIED, TokenRole.TOKEN_ROLE_READ))
        .isFalse();
    assertThat(TokenRoles.parse("management")).isEqualTo(TokenRole.TOKEN_ROLE_MANAGEMENT);
    assertThat(TokenRoles.name(TokenRole.TOKEN_ROLE_SUBMIT)).isEqualTo("submit");
  }

  @Test
  void partnersMayActOnTheirNamespacesOnlyAndTheClustersOwnWorkIsNotRestricted() {
    assertThat(Namespaces.allows(java.util.List.of("team-a"), "team-a")).isTrue();
    assertThat(Namespaces.allows(java.util.List.of("team-a"), "team-b")).isFalse();
    assertThat(Namespaces.allows(java.util.List.of("*"), "team-b")).isTrue();
    assertThat(Namespaces.allows(java.util.List.of(), "team-b")).isTrue();
    assertThat(Namespaces.ofJob("")).isEqualTo("default");
    assertThat(Namespaces.isValid("Team")).isFalse();
    assertThat(Namespaces.isValid("../x")).isFalse();
  }
}
