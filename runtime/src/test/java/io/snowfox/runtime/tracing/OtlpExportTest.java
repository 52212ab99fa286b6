package io.snowfox.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Spans;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtlpExportTest {

  private static final Endpoint MANAGER =
      Endpoint.newBuilder().setNodeId("n1").setRole(Role.ROLE_MANAGER).build();
  private static final String CORRELATION_ID = "0f8c2b3a-9d4e-4f61-8a7b-1c2d3e4f5a6b";
  private static final String API_SPAN = "11111111-2222-4333-8444-555555555555";
  private static final String MANAGER_SPAN = "66666666-7777-4888-9999-aaaaaaaaaaaa";

  private final InMemorySpanExporter memory = InMemorySpanExporter.create();

  @AfterEach
  void uninstall() {
    Spans.exportTo(null);
  }

  private static Span span(String id, String parent, String name, long start, long duration,
      StatusCode status) {
    return Span.newBuilder().setSpanId(id).setParentSpanId(parent).setName(name).setAt(MANAGER)
        .setStartMicros(start).setDurationMicros(duration).setStatus(status).build();
  }

  private List<SpanData> export(Span... spans) {
    OtlpExport export = OtlpExport.to(memory, MANAGER, "blue");
    for (Span span : spans) {
      export.finished(span, CORRELATION_ID, span.getName().substring(span.getName()
          .indexOf(' ') + 1), Map.of("snowfox.address", "snowfox.v1.jobs"));
    }
    export.flush();
    List<SpanData> exported = memory.getFinishedSpanItems();
    export.close();
    return exported;
  }

  @Test
  void aHopBecomesASpanOfTheCorrelationIdsTraceUnderItsParent() {
    List<SpanData> exported = export(span(MANAGER_SPAN, API_SPAN, "manager@n1 SubmitJobRequest",
        1_700_000_000_000_000L, 1_500, StatusCode.STATUS_CODE_OK));

    assertThat(exported).hasSize(1);
    SpanData span = exported.get(0);
    assertThat(span.getTraceId()).isEqualTo("0f8c2b3a9d4e4f618a7b1c2d3e4f5a6b");
    assertThat(span.getSpanId()).isEqualTo("9999aaaaaaaaaaaa");
    assertThat(span.getParentSpanId()).isEqualTo("8444555555555555");
    assertThat(span.getName()).isEqualTo("SubmitJobRequest");
    assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(span.getStartEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(span.getEndEpochNanos()).isEqualTo(1_700_000_000_001_500_000L);
    assertThat(span.getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.UNSET);
    assertThat(span.getAttributes().get(OtlpExport.CORRELATION_ID)).isEqualTo(CORRELATION_ID);
    assertThat(span.getAttributes().get(OtlpExport.SPAN_ID)).isEqualTo(MANAGER_SPAN);
    assertThat(span.getAttributes().get(OtlpExport.SPAN_NAME))
        .isEqualTo("manager@n1 SubmitJobRequest");
    assertThat(span.getAttributes().get(OtlpExport.STATUS)).isEqualTo("OK");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("snowfox.address")))
        .isEqualTo("snowfox.v1.jobs");
  }

  @Test
  void theProcessIsTheResourceOneServicePerRole() {
    SpanData span = export(span(MANAGER_SPAN, "", "manager@n1 Tick", 1, 1,
        StatusCode.STATUS_CODE_OK)).get(0);

    var resource = span.getResource().getAttributes();
    assertThat(resource.get(AttributeKey.stringKey("service.name"))).isEqualTo("snowfox-manager");
    assertThat(resource.get(AttributeKey.stringKey("service.namespace"))).isEqualTo("blue");
    assertThat(resource.get(AttributeKey.stringKey("service.instance.id"))).isEqualTo("n1");
    assertThat(resource.get(AttributeKey.stringKey("host.name"))).isNotEmpty();
    assertThat(resource.get(AttributeKey.longKey("process.pid")))
        .isEqualTo(ProcessHandle.current().pid());
    assertThat(resource.get(OtlpExport.NODE)).isEqualTo("n1");
    assertThat(resource.get(OtlpExport.ROLE)).isEqualTo("manager");
  }

  @Test
  void aRootHopHasNoParentAndAFailedHopIsAnError() {
    SpanData span = export(span(API_SPAN, "", "api POST /v1/jobs -> 503", 10, 20,
        StatusCode.STATUS_CODE_INTERNAL)).get(0);

    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getTraceId()).isEqualTo("0f8c2b3a9d4e4f618a7b1c2d3e4f5a6b");
    assertThat(span.getStatus().getStatusCode())
        .isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("INTERNAL");
  }

  @Test
  void hopsOfOneRequestShareOneTraceAndLinkUp() {
    List<SpanData> exported = export(
        span(API_SPAN, "", "api POST /v1/jobs -> 201", 100, 900, StatusCode.STATUS_CODE_OK),
        span(MANAGER_SPAN, API_SPAN, "manager@n1 SubmitJobRequest", 200, 500,
            StatusCode.STATUS_CODE_OK));

    assertThat(exported).extracting(SpanData::getTraceId).containsOnly(
        TraceIds.traceId(CORRELATION_ID));
    SpanData api = exported.stream().filter(s -> s.getName().startsWith("POST")).findFirst()
        .orElseThrow();
    SpanData manager = exported.stream().filter(s -> s.getName().equals("SubmitJobRequest"))
        .findFirst().orElseThrow();
    assertThat(manager.getParentSpanId()).isEqualTo(api.getSpanId());
  }

  @Test
  void aFailingExporterNeverReachesTheCaller() {
    AtomicInteger posts = new AtomicInteger();
    SpanExporter failing = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        posts.incrementAndGet();
        throw new IllegalStateException("collector exploded");
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    OtlpExport export = OtlpExport.to(failing, MANAGER, "blue");

    assertThatCode(() -> {
      for (int i = 0; i < 100; i++) {
        export.finished(span(MANAGER_SPAN, "", "manager@n1 X", 1, 1, StatusCode.STATUS_CODE_OK),
            CORRELATION_ID, "X", Map.of());
      }
      export.close();
    }).doesNotThrowAnyException();
    assertThat(posts.get()).isPositive();
  }

  @Test
  void aCollectorThatIsDownCostsDroppedSpansNotTheProcess() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    OtlpExport export = OtlpExport.start(URI.create("http://127.0.0.1:" + port + "/v1/traces"),
        MANAGER, "blue");
    assertThat(Spans.exporting()).isTrue();

    // More spans than the queue holds: the surplus is dropped, nobody waits.
    assertThatCode(() -> {
      for (int i = 0; i < OtlpExport.DEFAULT_QUEUE_SIZE * 2; i++) {
        export.finished(span(MANAGER_SPAN, "", "manager@n1 X", 1, 1,
            StatusCode.STATUS_CODE_OK), CORRELATION_ID, "X", Map.of());
      }
      export.close();
    }).doesNotThrowAnyException();
    assertThat(Spans.exporting()).isFalse();
  }

  @Test
  void quietSpansAreNotExported() {
    OtlpExport export = OtlpExport.to(memory, MANAGER, "blue");
    Spans.exportTo(export);
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OtlpExportTest.class);

    Spans.finished(log, span(API_SPAN, "", "manager@n1 HealthRequest", 1, 1,
        StatusCode.STATUS_CODE_OK), true, CORRELATION_ID, "HealthRequest", Map.of());
    Spans.finished(log, span(MANAGER_SPAN, "", "manager@n1 SubmitJobRequest", 1, 1,
        StatusCode.STATUS_CODE_OK), false, CORRELATION_ID, "SubmitJobRequest", Map.of());
    export.flush();

    assertThat(memory.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactly("SubmitJobRequest");
    export.close();
  }
}
