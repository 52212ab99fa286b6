package io.snowfox.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MajorityTest {

  @ParameterizedTest(name = "known {0}, among {1}: strict {2}, half {3}")
  @CsvSource(delimiter = '|', value = {
      "a     | a     | true  | true",
      "a b   | a     | false | true",
      "a b   | a b   | true  | true",
      "a b c | a     | false | false",
      "a b c | a b   | true  | true",
      "a b c | b c d | true  | true",
      "a b c | d e   | false | false",
      "a b c d | a b | false | true",
      "a b c d | a b c | true | true",
  })
  void countsOnlyTheKnownNodes(String known, String among, boolean strict, boolean half) {
    Set<String> knownNodes = Set.of(known.split(" "));
    Set<String> amongNodes = Set.of(among.split(" "));

    assertThat(Majority.strict(knownNodes, amongNodes)).isEqualTo(strict);
    assertThat(Majority.half(knownNodes, amongNodes)).isEqualTo(half);
  }
}
