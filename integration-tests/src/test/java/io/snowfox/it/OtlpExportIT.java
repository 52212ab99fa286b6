package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.snowfox.it.OtlpReceiver.Received;
import io.snowfox.runtime.tracing.TraceIds;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code --otlp-endpoint}: a real node sends its spans to an OTLP/HTTP collector (a small one
 * inside the test), every hop of one request in one trace with its correlation id and parent
 * links; and a node whose collector is down runs its jobs all the same.
 */
class OtlpExportIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static JsonObject echo(String name) {
    return new JsonObject().put("name", name).put("command", "/bin/sh")
        .put("args", new JsonArray().add("-c").add("echo " + name));
  }

  @Test
  void everyHopOfAJobGoesToTheCollectorInOneTraceWithItsCorrelationId() throws Exception {
    try (OtlpReceiver collector = new OtlpReceiver();
        TestNode node = TestNode.start("otlp1", List.of("--otlp-endpoint",
            collector.endpoint()))) {
      node.awaitGreen();
      String correlationId = UUID.randomUUID().toString();
      Http.Answer submitted = Http.post(node.apiUrl() + "/v1/jobs", JobApi.JSON,
          echo("traced").encode(), correlationId);
      assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
      JobApi jobs = new JobApi(node.apiUrl());
      jobs.awaitState(submitted.json().getString("id"), "complete");

      java.util.concurrent.atomic.AtomicReference<List<Received>> received =
          new java.util.concurrent.atomic.AtomicReference<>();
      eventually(WAIT, () -> {
        received.set(collector.spansOf(correlationId));
        assertThat(received.get().stream().map(s -> s.service() + " " + s.name()).toList())
            .contains("snowfox-api POST /v1/jobs", "snowfox-manager SubmitJobRequest",
                "snowfox-spawner StartProcess", "snowfox-manager ProcessExited");
      });
      List<Received> spans = received.get();

      // One trace: the correlation id's, whichever process sent the span.
      assertThat(spans).extracting(Received::traceId).containsOnly(
          TraceIds.traceId(correlationId));
      assertThat(TraceIds.traceId(correlationId))
          .isEqualTo(correlationId.replace("-", ""));

      Received api = one(spans, "snowfox-api", "POST /v1/jobs");
      Received submit = one(spans, "snowfox-manager", "SubmitJobRequest");
      Received start = one(spans, "snowfox-spawner", "StartProcess");
      Received exited = one(spans, "snowfox-manager", "ProcessExited");
      // The hops' parent links, one tree: the API's span is the root; the run is started
      // under the hop that accepted the job, and its exit reported under the start.
      assertThat(api.parentSpanId()).isEmpty();
      assertThat(submit.parentSpanId()).isEqualTo(api.spanId());
      assertThat(start.parentSpanId()).isEqualTo(submit.spanId());
      assertThat(exited.parentSpanId()).isEqualTo(start.spanId());
      Set<String> ids = spans.stream().map(Received::spanId).collect(Collectors.toSet());
      assertThat(spans).as("every parent is a span of the trace")
          .allSatisfy(span -> assertThat(span.parentSpanId().isEmpty()
              || ids.contains(span.parentSpanId())).as(span.toString()).isTrue());

      // SnowFox's own span ids, as snowfox trace shows them, map to the exported ones.
      assertThat(spans).allSatisfy(span -> assertThat(
          TraceIds.spanId(span.attribute("snowfox.span_id"))).isEqualTo(span.spanId()));
      assertThat(spans).allSatisfy(span -> {
        assertThat(span.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
        assertThat(span.endNanos()).isGreaterThanOrEqualTo(span.startNanos());
        assertThat(span.attribute("snowfox.status")).isEqualTo("OK");
        assertThat(span.resource()).containsEntry("service.instance.id", "otlp1")
            .containsEntry("snowfox.node", "otlp1")
            .containsEntry("service.namespace", TestNode.clusterName())
            .containsKey("host.name").containsKey("process.pid");
        assertThat(span.resource().get("snowfox.role"))
            .isEqualTo(span.service().substring("snowfox-".length()));
      });
      assertThat(api.attributes()).containsEntry("http.request.method", "POST")
          .containsEntry("http.route", "/v1/jobs")
          .containsEntry("http.response.status_code", "201");
      assertThat(api.attribute("snowfox.span_name")).startsWith("api POST /v1/jobs");
      assertThat(submit.attributes()).containsEntry("snowfox.source", "api@otlp1");
      assertThat(exited.attributes()).containsEntry("snowfox.source", "spawner@otlp1");

      // The same spans as the node's own trace of the request, read from its logs.
      eventually(WAIT, () -> {
        Http.Answer trace = Http.get(node.apiUrl() + "/v1/traces/" + correlationId);
        assertThat(trace.status()).as(trace.body()).isEqualTo(200);
        Set<String> exported = collector.spansOf(correlationId).stream()
            .map(span -> span.attribute("snowfox.span_id")).collect(Collectors.toSet());
        JsonArray logged = trace.json().getJsonArray("spans");
        assertThat(logged.size()).isPositive();
        for (int i = 0; i < logged.size(); i++) {
          assertThat(exported).as("span %s of the log", logged.getJsonObject(i))
              .contains(logged.getJsonObject(i).getString("span_id"));
        }
      });

      // Health checks are not exported: no trace of their own every few seconds.
      assertThat(collector.spans()).extracting(Received::name)
          .doesNotContain("HealthRequest", "MetricsRequest", "LeaseRequest");
      assertThat(collector.refused()).isEmpty();
      jobs.stopAll();
    }
  }

  @Test
  void aNodeWhoseCollectorIsDownRunsItsJobsAndSaysSoInItsLog() throws Exception {
    String nobody = "http://127.0.0.1:" + Ports.free();
    try (TestNode node = TestNode.start("otlp2", List.of("--otlp-endpoint", nobody))) {
      node.awaitGreen();
      JobApi jobs = new JobApi(node.apiUrl());
      for (int i = 0; i < 3; i++) {
        jobs.awaitState(jobs.submit(echo("unexported" + i)), "complete");
      }
      eventually(WAIT, () -> assertThat(node.logLines("api")).anySatisfy(line -> assertThat(
          line).contains("cannot export spans to " + nobody + "/v1/traces")));
      // Every request's span failed to leave, in batches every 2 s: said once, not per batch
      // (again once a minute while it lasts).
      assertThat(node.logLines("api").stream()
          .filter(line -> line.contains("cannot export spans to")
              && !line.contains("still cannot export spans")).count())
          .isEqualTo(1);
      node.awaitGreen();
      jobs.stopAll();
    }
  }

  private static Received one(List<Received> spans, String service, String name) {
    List<Received> found = spans.stream()
        .filter(span -> service.equals(span.service()) && name.equals(span.name())).toList();
    assertThat(found).as("%s %s in %s", service, name, spans).hasSize(1);
    return found.get(0);
  }

}
