package io.snowfox.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The tests' reader of the text format is as strict as Prometheus. */
class PrometheusTextTest {

  @Test
  void theReaderRefusesWhatPrometheusRefuses() {
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\n# TYPE a gauge\na 1\n"))
        .hasMessageContaining("a second TYPE");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\n"
        + "a{x=\"y\"} 2\n")).hasMessageContaining("not together");
    assertThatThrownBy(() -> PrometheusText.parse("a{x=\"\\t\"} 1\n"))
        .hasMessageContaining("bad escape");
    assertThatThrownBy(() -> PrometheusText.parse("a 1\na 2\n"))
        .hasMessageContaining("the same series twice");
    assertThatThrownBy(() -> PrometheusText.parse("1a 1\n")).hasMessageContaining("metric name");
    assertThatThrownBy(() -> PrometheusText.parse("a one\n")).hasMessageContaining("bad value");
    assertThatThrownBy(() -> PrometheusText.parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
        + "h_bucket{le=\"+Inf\"} 1\nh_count 1\nh_sum 1\n")).hasMessageContaining("shrink");
  }
}
