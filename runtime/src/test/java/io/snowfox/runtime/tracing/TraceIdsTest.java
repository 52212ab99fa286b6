package io.snowfox.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceIdsTest {

  @ParameterizedTest(name = "correlation id {0} is trace {1}")
  @CsvSource({
      // SnowFox's own ids (UUIDs): their 32 hex digits, so a user finds the trace by its id.
      "0f8c2b3a-9d4e-4f61-8a7b-1c2d3e4f5a6b, 0f8c2b3a9d4e4f618a7b1c2d3e4f5a6b",
      "0F8C2B3A-9D4E-4F61-8A7B-1C2D3E4F5A6B, 0f8c2b3a9d4e4f618a7b1c2d3e4f5a6b",
      // A client's W3C trace id given as its correlation id: kept.
      "4bf92f3577b34da6a3ce929d0e0e4736, 4bf92f3577b34da6a3ce929d0e0e4736",
      "4BF92F3577B34DA6A3CE929D0E0E4736, 4bf92f3577b34da6a3ce929d0e0e4736",
  })
  void correlationIdsBecomeTraceIds(String correlationId, String traceId) {
    assertThat(TraceIds.traceId(correlationId)).isEqualTo(traceId);
  }

  @Test
  void aSnowfoxSpanIdBecomesItsLastSixteenHexDigits() {
    assertThat(TraceIds.spanId("0f8c2b3a-9d4e-4f61-8a7b-1c2d3e4f5a6b"))
        .isEqualTo("8a7b1c2d3e4f5a6b");
  }

  @Test
  void noParentStaysNoParent() {
    assertThat(TraceIds.spanId("")).isEmpty();
  }

  @Test
  void idsOfZerosAreHashedBecauseOpenTelemetryForbidsThem() {
    String zeros = "00000000-0000-0000-0000-000000000000";
    assertThat(TraceIds.traceId(zeros)).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(TraceIds.traceId("0".repeat(32))).matches("[0-9a-f]{32}")
        .isNotEqualTo("0".repeat(32));
    assertThat(TraceIds.spanId(zeros)).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
    // The UUID's last groups are zero although its first are not.
    assertThat(TraceIds.spanId("12345678-9abc-4def-0000-000000000000"))
        .matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
  }

  @Test
  void otherIdsAreHashedToValidIds() {
    // A client's own correlation id: the first 16 bytes of its SHA-256, the same every time.
    assertThat(TraceIds.traceId("order-42")).matches("[0-9a-f]{32}")
        .isEqualTo(TraceIds.traceId("order-42"))
        .isNotEqualTo(TraceIds.traceId("order-43"));
    assertThat(TraceIds.traceId("a")).matches("[0-9a-f]{32}");
    assertThat(TraceIds.traceId("x".repeat(128))).matches("[0-9a-f]{32}");
    assertThat(TraceIds.spanId("span-1")).matches("[0-9a-f]{16}")
        .isEqualTo(TraceIds.spanId("span-1"));
    // 32 characters that are not all hex are not taken as a trace id.
    assertThat(TraceIds.traceId("g".repeat(32))).matches("[0-9a-f]{32}")
        .isNotEqualTo("g".repeat(32));
    assertThat(TraceIds.traceId("abcd-" + "a".repeat(27))).matches("[0-9a-f]{32}")
        .isNotEqualTo("abcd" + "a".repeat(28));
    // Digits of other scripts are no hex digits.
    String arabicThree = "\u0663";
    assertThat(TraceIds.traceId(arabicThree.repeat(32))).matches("[0-9a-f]{32}")
        .isNotEqualTo("3".repeat(32));
    assertThat(TraceIds.spanId("12345678-9abc-4def-8123-" + arabicThree.repeat(12)))
        .matches("[0-9a-f]{16}").isNotEqualTo("8123333333333333");
  }

  @Test
  void distinctSnowfoxIdsStayDistinct() {
    Set<String> traces = new HashSet<>();
    Set<String> spans = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = UUID.randomUUID().toString();
      traces.add(TraceIds.traceId(id));
      spans.add(TraceIds.spanId(id));
    }
    assertThat(traces).hasSize(10_000);
    assertThat(spans).hasSize(10_000);
  }
}
