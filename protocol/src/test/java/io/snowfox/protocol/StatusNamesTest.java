package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StatusColour;
import org.junit.jupiter.api.Test;

class StatusNamesTest {

  @Test
  void coloursAndCodesLoseTheirEnumPrefix() {
    assertThat(StatusNames.of(StatusColour.STATUS_COLOUR_GREEN)).isEqualTo("GREEN");
    assertThat(StatusNames.of(StatusColour.STATUS_COLOUR_YELLOW)).isEqualTo("YELLOW");
    assertThat(StatusNames.of(StatusColour.STATUS_COLOUR_RED)).isEqualTo("RED");
    assertThat(StatusNames.of(StatusColour.STATUS_COLOUR_UNSPECIFIED)).isEqualTo("UNSPECIFIED");
    assertThat(StatusNames.of(StatusCode.STATUS_CODE_NOT_FOUND)).isEqualTo("NOT_FOUND");
    assertThat(StatusNames.of(StatusCode.STATUS_CODE_OK)).isEqualTo("OK");
  }
}
