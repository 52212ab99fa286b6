package io.snowfox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.protocol.v1.CreateTokenRequest;
import io.snowfox.protocol.v1.TokenRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenEndpointTest {

  @Test
  void aNamespaceTokenNamesItsNamespaceAndRole() {
    CreateTokenRequest request = TokenEndpoint.parse(
        "{\"namespace\":\"team-a\",\"role\":\"submit\",\"description\":\"ci\"}");

    assertThat(request.getNamespace()).isEqualTo("team-a");
    assertThat(request.getRole()).isEqualTo(TokenRole.TOKEN_ROLE_SUBMIT);
    assertThat(request.getDescription()).isEqualTo("ci");
  }

  @Test
  void aManagementTokenActsInEveryNamespace() {
    assertThat(TokenEndpoint.parse("{\"role\":\"management\"}").getNamespace()).isEqualTo("*");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      not json                                      | not a JSON object
      []                                            | not a JSON object
      {"role":"submit"}                             | namespace: required
      {"role":"admin","namespace":"a"}              | role: must be read, submit
      {"role":"submit","namespace":"Team A"}        | namespace: required
      {"role":"submit","namespace":"a","x":1}       | x: unknown field
      {"role":1,"namespace":"a"}                    | are strings
      {"role":"management","namespace":"team-a"}    | acts in every namespace
      """)
  void aBadRequestIsRefusedWithWhatIsWrong(String body, String message) {
    assertThatThrownBy(() -> TokenEndpoint.parse(body))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
  }
}
