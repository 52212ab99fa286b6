package io.snowfox.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChildSupervisorTest {

  @ParameterizedTest(name = "exit {0} with last line ''{1}'' -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      1   | Unrecognized VM option 'Foo' | exit code 1: Unrecognized VM option 'Foo'
      1   | ''                           | exit code 1
      2   | usage: snowfox               | exit code 2: usage: snowfox
      0   | bye                          | exit code 0
      0   | ''                           | exit code 0
      137 | ''                           | killed by signal 9
      143 | ''                           | killed by signal 15
      134 | # A fatal error              | killed by signal 6: # A fatal error
      129 | ''                           | killed by signal 1
      159 | ''                           | killed by signal 31
      128 | ''                           | exit code 128
      160 | ''                           | exit code 160
      255 | ''                           | exit code 255
      """)
  void describesHowAChildEnded(int exitValue, String lastLine, String description) {
    assertThat(ChildSupervisor.describeExit(exitValue, lastLine)).isEqualTo(description);
  }
}
