package io.snowfox.spawner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.StatusCode;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataPathsTest {

  private static final Path BASE = Path.of("/var/lib/snowfox/jobs");

  @ParameterizedTest(name = "{0}/{1} is {2}")
  @CsvSource(delimiter = '|', textBlock = """
      web-1a2b3c4d | 0  | /var/lib/snowfox/jobs/web-1a2b3c4d/0
      a..b         | 12 | /var/lib/snowfox/jobs/a..b/12
      .hidden      | 0  | /var/lib/snowfox/jobs/.hidden/0
      """)
  void plainNamesStayUnderTheBase(String job, String index, String path) {
    assertThat(DataPaths.under(BASE, job, index)).isEqualTo(Path.of(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "../x", "/etc", "a/b", "a/../..", "a\0b"})
  void namesThatLeadElsewhereAreABadRequest(String name) {
    StatusException refused = catchThrowableOfType(StatusException.class,
        () -> DataPaths.under(BASE, name, "0"));

    assertThat(refused).as("refusal of '%s'", name).isNotNull();
    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(refused.getMessage()).contains("does not name a path under " + BASE)
        .doesNotContain("\0");
  }
}
