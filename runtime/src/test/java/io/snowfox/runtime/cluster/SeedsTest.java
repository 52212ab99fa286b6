package io.snowfox.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SeedsTest {

  @ParameterizedTest(name = "''{0}'' is {1}:{2}")
  @CsvSource(delimiter = '|', textBlock = """
      127.0.0.1:5701    | 127.0.0.1   | 5701
      10.0.0.2:5801     | 10.0.0.2    | 5801
      node-b.local:1    | node-b.local| 1
      node-b:65535      | node-b      | 65535
      node-b            | node-b      | 5701
      ' node-b:5702 '   | node-b      | 5702
      """)
  void parsesHostAndPort(String text, String host, int port) {
    Seeds.Seed seed = Seeds.parse(text);

    assertThat(seed).isEqualTo(new Seeds.Seed(host, port));
    assertThat(seed).hasToString(host + ":" + port);
  }

  @ParameterizedTest
  @ValueSource(strings = {"node-b:0", "node-b:65536", "node-b:-1", "node-b:abc", "node-b:"})
  void rejectsAPortOutOfRange(String text) {
    assertThatThrownBy(() -> Seeds.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid --seed '" + text + "': port must be 1-65535");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {":5701", "  "})
  void rejectsASeedWithoutHost(String text) {
    assertThatThrownBy(() -> Seeds.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid --seed '" + text + "': expected HOST:PORT");
  }
}
