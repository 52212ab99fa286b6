package io.snowfox.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpEndpointTest {

  @ParameterizedTest(name = "{0} posts to {1}")
  @CsvSource({
      "http://127.0.0.1:4318, http://127.0.0.1:4318/v1/traces",
      "http://127.0.0.1:4318/, http://127.0.0.1:4318/v1/traces",
      "https://tempo.example:4318/otlp, https://tempo.example:4318/otlp/v1/traces",
      "http://collector:4318/v1/traces, http://collector:4318/v1/traces",
      "' http://collector:4318 ', http://collector:4318/v1/traces",
  })
  void theBaseUrlOfACollectorGetsTheTracesPath(String given, String posted) {
    assertThat(OtlpEndpoint.tracesUrl(given)).hasToString(posted);
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(strings = {"127.0.0.1:4318", "grpc://collector:4317", "ftp://collector",
      "http://", "http:///v1/traces", "http://collector:4318/?token=1", "http://col lector",
      ""})
  void whatIsNoHttpUrlOfAHostIsRefusedNamingTheOption(String given) {
    assertThatThrownBy(() -> OtlpEndpoint.tracesUrl(given))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--otlp-endpoint");
  }
}
