package io.snowfox.api.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.metrics.ProcessMetrics;
import io.snowfox.runtime.metrics.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Several processes' scrapes become one exposition that a strict reader of the text format
 * accepts: each family once, every process's series in it, told apart by node and role.
 */
class ExpositionTest {

  private static ProcessMetrics process(String node, String role, int starts) {
    ProcessMetrics metrics = ProcessMetrics.of(node, role);
    new JvmMemoryMetrics().bindTo(metrics.registry());
    Counter.builder("snowfox.instance.starts").register(metrics.registry()).increment(starts);
    metrics.bus().sent("snowfox.v1.jobs", "SubmitJobRequest", StatusCode.STATUS_CODE_OK,
        Duration.ofMillis(3).toNanos());
    metrics.bus().sent("snowfox.v1.jobs", "SubmitJobRequest", StatusCode.STATUS_CODE_TIMEOUT,
        Duration.ofSeconds(5).toNanos());
    return metrics;
  }

  @Test
  void everyProcessesSeriesAreInOneExpositionWithEachFamilyOnce() {
    ProcessMetrics daemon = process("n1", "daemon", 0);
    ProcessMetrics manager = process("n1", "manager", 3);
    ProcessMetrics other = process("n2", "manager", 4);

    String text = new Exposition().add(daemon.scrape()).add(manager.scrape())
        .add(other.scrape())
        .gauge(MetricsEndpoint.UP, "Whether the process answered", List.of(
            MetricsEndpoint.UP + "{node=\"n1\",role=\"daemon\"} 1",
            MetricsEndpoint.UP + "{node=\"n3\",role=\"spawner\"} 0"))
        .text();
    PrometheusText parsed = PrometheusText.parse(text);

    assertThat(parsed.family("snowfox_instance_starts_total").type()).isEqualTo("counter");
    assertThat(parsed.sum("snowfox_instance_starts_total", Map.of("role", "manager")))
        .isEqualTo(7.0);
    assertThat(parsed.sum("snowfox_instance_starts_total", Map.of("node", "n2"))).isEqualTo(4.0);
    assertThat(parsed.samples("jvm_memory_used_bytes", Map.of()))
        .extracting(sample -> sample.label("node") + "/" + sample.label("role"))
        .contains("n1/daemon", "n1/manager", "n2/manager");
    assertThat(parsed.family("snowfox_bus_requests_seconds").type()).isEqualTo("histogram");
    assertThat(parsed.sum("snowfox_bus_requests_seconds_count", Map.of("node", "n1",
        "role", "manager", "address", "snowfox.v1.jobs", "type", "SubmitJobRequest",
        "status", "TIMEOUT"))).isEqualTo(1.0);
    assertThat(parsed.samples("snowfox_bus_requests_seconds_bucket", Map.of("node", "n2",
        "status", "OK", "le", "0.005"))).singleElement()
        .extracting(PrometheusText.Sample::value).isEqualTo(1.0);
    assertThat(parsed.samples(MetricsEndpoint.UP, Map.of("node", "n3")))
        .singleElement().extracting(PrometheusText.Sample::value).isEqualTo(0.0);
  }

  @Test
  void snowfoxSeriesFollowPrometheusNaming() {
    ProcessMetrics metrics = process("n1", "manager", 1);
    Timer.builder("snowfox.instance.start.latency").serviceLevelObjectives(Duration.ofMillis(10))
        .register(metrics.registry()).record(Duration.ofMillis(4));

    PrometheusText parsed = PrometheusText.parse(new Exposition().add(metrics.scrape()).text());

    parsed.families().values().stream().filter(f -> f.name().startsWith("snowfox_"))
        .forEach(family -> {
          if (family.type().equals("counter")) {
            assertThat(family.samples()).allSatisfy(s -> assertThat(s.name()).endsWith("_total"));
          }
          if (family.type().equals("histogram")) {
            assertThat(family.name()).as("a duration in seconds").endsWith("_seconds");
          }
          assertThat(family.samples()).allSatisfy(s -> assertThat(s.labels())
              .containsEntry("node", "n1").containsEntry("role", "manager"));
        });
    assertThat(parsed.family("snowfox_instance_start_latency_seconds").type())
        .isEqualTo("histogram");
  }

  @Test
  void aFamilyAnotherProcessTypesDifferentlyKeepsTheFirstTypeAndLeavesTheOtherOut() {
    String first = "# HELP x_seconds a\n# TYPE x_seconds gauge\nx_seconds{role=\"api\"} 1.0\n";
    String second = "# HELP x_seconds a\n# TYPE x_seconds counter\nx_seconds{role=\"daemon\"} 2.0\n"
        + "# HELP y b\n# TYPE y gauge\ny{role=\"daemon\"} 3.0\n";

    PrometheusText parsed = PrometheusText.parse(new Exposition().add(first).add(second).text());

    assertThat(parsed.family("x_seconds").type()).isEqualTo("gauge");
    assertThat(parsed.family("x_seconds").samples()).singleElement()
        .extracting(s -> s.label("role")).isEqualTo("api");
    assertThat(parsed.sum("y", Map.of("role", "daemon"))).isEqualTo(3.0);
  }

  @Test
  void labelValuesAreEscaped() {
    String text = new Exposition().gauge("g", "help", List.of(
        "g{node=\"" + Exposition.escape("a\"b\\c\nd") + "\"} 1")).text();

    assertThat(PrometheusText.parse(text).samples("g", Map.of()).get(0).label("node"))
        .isEqualTo("a\"b\\c\nd");
  }
}
