package io.snowfox.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BrowserGuardTest {

  private final BrowserGuard guard = new BrowserGuard("10.0.0.5", List.of("snowfox.internal"),
      List.of("https://console.example"));

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      10.0.0.5:7070          | true
      127.0.0.1:7070         | true
      localhost:7070         | true
      LOCALHOST              | true
      [::1]:7070             | true
      snowfox.internal:7070  | true
      evil.example:7070      | false
      10.0.0.5.evil.example  | false
      localhost.evil.example | false
      ''                     | false
      """)
  void onlyTheApisOwnNamesAndIpAddressesAreAcceptedAsHost(String host, boolean allowed) {
    assertThat(guard.hostAllowed(host)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      http://10.0.0.5:7070        | 10.0.0.5:7070 | true
      https://console.example     | 10.0.0.5:7070 | true
      http://console.example      | 10.0.0.5:7070 | false
      http://evil.example         | 10.0.0.5:7070 | false
      null                        | 10.0.0.5:7070 | false
      http://10.0.0.5:7071        | 10.0.0.5:7070 | false
      """)
  void onlyTheApisOwnOriginAndAllowedOnesMayCallFromABrowser(String origin, String host,
      boolean allowed) {
    assertThat(guard.originAllowed(origin, host)).isEqualTo(allowed);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      application/json                 | application/json
      Application/JSON; charset=utf-8  | application/json
      text/plain                       | text/plain
      """)
  void mediaTypeDropsParametersAndCase(String header, String type) {
    assertThat(BrowserGuard.mediaType(header)).isEqualTo(type);
  }
}
