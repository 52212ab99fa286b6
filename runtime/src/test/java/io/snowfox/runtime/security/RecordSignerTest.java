package io.snowfox.runtime.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RecordSignerTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef"
      .getBytes(StandardCharsets.US_ASCII);
  private final RecordSigner signer = new RecordSigner(KEY);

  @Test
  void signedValueOpensToItself() {
    String signed = signer.sign("jobs", "job-1", "{\"id\":\"job-1\"}");

    assertThat(signed).startsWith(RecordSigner.FORMAT).endsWith("{\"id\":\"job-1\"}");
    assertThat(signer.open("jobs", "job-1", signed)).contains("{\"id\":\"job-1\"}");
    assertThat(signer.verifies("jobs", "job-1", signed)).isTrue();
  }

  @Test
  void emptyValueIsSignedToo() {
    assertThat(signer.open("m", "k", signer.sign("m", "k", ""))).contains("");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unsigned value             | {\"id\":\"job-1\"}",
      "changed value              | v1.SIGNATURE.{\"id\":\"job-2\"}",
      "empty                      | ''",
      "prefix only                | v1.",
      "signature not base64       | v1.***.{}",
      "short signature            | v1.AAAA.{\"id\":\"job-1\"}",
  })
  void refusesWhatThisClusterDidNotSign(String what, String value) {
    String genuine = signer.sign("jobs", "job-1", "{\"id\":\"job-1\"}");
    String forged = value.replace("SIGNATURE",
        genuine.substring(3, genuine.indexOf('.', 3)));

    assertThat(signer.open("jobs", "job-1", forged)).as(what).isEmpty();
  }

  @Test
  void valueSignedForOneEntryDoesNotVerifyInAnother() {
    String signed = signer.sign("jobs", "job-1", "x");

    assertThat(signer.open("jobs", "job-2", signed)).isEmpty();
    assertThat(signer.open("tokens", "job-1", signed)).isEmpty();
  }

  @Test
  void partsCannotBeShiftedBetweenKeyAndValue() {
    String signed = signer.sign("m", "ab", "c");

    assertThat(signer.open("m", "a", "v1." + signed.substring(3, signed.lastIndexOf('.'))
        + ".bc")).isEmpty();
  }

  @Test
  void anotherClusterKeyDoesNotVerify() {
    byte[] other = Arrays.copyOf(KEY, KEY.length);
    other[0] ^= 1;

    assertThat(new RecordSigner(other).open("jobs", "job-1", signer.sign("jobs", "job-1", "x")))
        .isEmpty();
  }

  @Test
  void refusesAShortKey() {
    assertThatThrownBy(() -> new RecordSigner(new byte[8]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nullIsRefusedNotThrown() {
    assertThat(signer.open("m", "k", null)).isEmpty();
  }
}
