package io.snowfox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeAreaTest {

  @Test
  void narrowAreasWinOverTheWideOnesThatHoldThem() {
    assertThat(CodeArea.of("com.google.protobuf.util.JsonFormat$Printer"))
        .isEqualTo(CodeArea.PROTOBUF_JSON);
    assertThat(CodeArea.of("com.google.protobuf.CodedOutputStream")).isEqualTo(CodeArea.PROTOBUF);
    assertThat(CodeArea.of("java.lang.ProcessImpl")).isEqualTo(CodeArea.FORKS);
    assertThat(CodeArea.of("java.lang.ProcessBuilder$Redirect")).isEqualTo(CodeArea.FORKS);
    assertThat(CodeArea.of("sun.security.ssl.SSLEngineImpl")).isEqualTo(CodeArea.CRYPTO);
    assertThat(CodeArea.of("com.sun.crypto.provider.HmacCore")).isEqualTo(CodeArea.CRYPTO);
    assertThat(CodeArea.of("java.util.HashMap")).isEqualTo(CodeArea.JDK);
  }

  @Test
  void lambdasBelongToTheirDefiningClassesArea() {
    assertThat(CodeArea.of("io.snowfox.spawner.SpawnerService$$Lambda$412/0x0000000800d3c000"))
        .isEqualTo(CodeArea.SNOWFOX);
  }

  @Test
  void unknownPackagesAreOtherAndTheJdkIsNotCountedInclusive() {
    assertThat(CodeArea.of("picocli.CommandLine")).isEqualTo(CodeArea.OTHER);
    assertThat(CodeArea.OTHER.inclusive()).isTrue();
    assertThat(CodeArea.JDK.inclusive()).isFalse();
  }
}
