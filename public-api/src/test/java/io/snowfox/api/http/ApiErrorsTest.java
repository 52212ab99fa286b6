package io.snowfox.api.http;

import io.snowfox.protocol.StatusNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.StatusCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ApiErrorsTest {

  @ParameterizedTest(name = "{0} -> HTTP {1} {2}")
  @CsvSource(delimiter = '|', textBlock = """
      STATUS_CODE_OK          | 200 | OK
      STATUS_CODE_BAD_REQUEST | 400 | BAD_REQUEST
      STATUS_CODE_FORBIDDEN   | 403 | FORBIDDEN
      STATUS_CODE_NOT_FOUND   | 404 | NOT_FOUND
      STATUS_CODE_CONFLICT    | 409 | CONFLICT
      STATUS_CODE_UNSUPPORTED | 501 | UNSUPPORTED
      STATUS_CODE_UNAVAILABLE | 503 | UNAVAILABLE
      STATUS_CODE_TIMEOUT     | 504 | TIMEOUT
      STATUS_CODE_INTERNAL    | 500 | INTERNAL
      STATUS_CODE_UNSPECIFIED | 500 | UNSPECIFIED
      UNRECOGNIZED            | 500 | UNRECOGNIZED
      """)
  void busStatusMapsToHttpStatusAndErrorCode(StatusCode code, int httpStatus, String error) {
    assertThat(ApiErrors.httpStatus(code)).isEqualTo(httpStatus);
    assertThat(StatusNames.of(code)).isEqualTo(error);
  }

  @ParameterizedTest
  @EnumSource(value = StatusCode.class, names = {"STATUS_CODE_OK"}, mode = EnumSource.Mode.EXCLUDE)
  void everyFailureIsAnHttpError(StatusCode code) {
    assertThat(ApiErrors.httpStatus(code)).isBetween(400, 599);
  }
}
