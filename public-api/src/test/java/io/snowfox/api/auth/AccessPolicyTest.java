package io.snowfox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.TokenRole;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessPolicyTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      GET    | /v1/nodes                | READ
      GET    | /v1/nodes/n1             | READ
      POST   | /v1/nodes/n1/drain       | OPERATE
      DELETE | /v1/nodes/n1/drain       | OPERATE
      GET    | /v1/jobs                 | READ
      GET    | /v1/jobs/abc/logs        | READ
      POST   | /v1/jobs                 | SUBMIT
      DELETE | /v1/jobs/abc             | SUBMIT
      GET    | /v1/traces/abc           | READ
      GET    | /v1/events               | READ
      GET    | /metrics                 | READ
      GET    | /v1/tokens               | MANAGEMENT
      POST   | /v1/tokens               | MANAGEMENT
      DELETE | /v1/tokens/0123456789abcdef | MANAGEMENT
      GET    | /v1/unknown              | READ
      PUT    | /v1/jobsx                | READ
      """)
  void eachCallNeedsTheLeastRoleThatMayMakeIt(String method, String path, String role) {
    assertThat(AccessPolicy.needed(HttpMethod.valueOf(method), path))
        .isEqualTo(TokenRole.valueOf("TOKEN_ROLE_" + role));
  }
}
