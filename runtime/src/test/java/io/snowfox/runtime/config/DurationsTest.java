package io.snowfox.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest(name = "''{0}'' is {1} ms")
  @CsvSource(delimiter = '|', textBlock = """
      0ms        | 0
      250ms      | 250
      1500ms     | 1500
      10s        | 10000
      1m         | 60000
      2h         | 7200000
      ' 10s '    | 10000
      999999999h | 3599999996400000
      """)
  void parsesANumberAndAUnit(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"10", "-1s", "1.5s", "abc", "s", "10 s", "10S", "10sec", "1d",
      "1000000000ms"})
  void rejectsAnythingElseSayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid duration '" + text
            + "': expected a number and a unit (ms, s, m, h), for example 500ms or 10s");
  }

  @ParameterizedTest(name = "{0} ms is written {1}")
  @CsvSource(delimiter = '|', textBlock = """
      0       | 0s
      1       | 1ms
      500     | 500ms
      1500    | 1500ms
      1000    | 1s
      10000   | 10s
      90000   | 90s
      60000   | 1m
      3660000 | 61m
      3600000 | 1h
      7200000 | 2h
      """)
  void formatsInTheShortestExactForm(long millis, String text) {
    assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"500ms", "10s", "2h"})
  void converterParsesForPicocli(String text) {
    assertThat(new Durations.Converter().convert(text)).isEqualTo(Durations.parse(text));
  }
}
