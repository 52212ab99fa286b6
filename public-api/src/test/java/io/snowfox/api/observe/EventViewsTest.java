package io.snowfox.api.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.api.http.Responses;
import io.snowfox.client.ApiJson;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Event;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.StatusCode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Events and spans as the API writes them, read by the Java client: both keep to one shape. */
class EventViewsTest {

  private static final Instant AT = Instant.parse("2030-01-01T10:00:00.000250Z");
  private static final Endpoint MANAGER = Endpoint.newBuilder().setNodeId("n1")
      .setRole(Role.ROLE_MANAGER).build();

  @Test
  void theClientReadsAnEventAsTheApiWritesIt() {
    Event event = Event.newBuilder().setType("instance.exited").setSource(MANAGER)
        .setTimeMicros(Micros.of(AT)).setCorrelationId("c-1").setJobId("j-1").setNodeId("n2")
        .setNamespace("team-a").putData("index", "0").putData("exit_code", "3").build();

    io.snowfox.client.Event read = ApiJson.read(EventHub.view(event).encode(),
        io.snowfox.client.Event.class);

    assertThat(read).isEqualTo(new io.snowfox.client.Event(
        io.snowfox.client.Event.INSTANCE_EXITED, AT,
        new io.snowfox.client.Event.Source("n1", "manager"), "c-1", "j-1", "n2", "team-a",
        Map.of("exit_code", "3", "index", "0")));
    assertThat(read.data().keySet()).as("in the API's order").containsExactly("exit_code",
        "index");
  }

  @Test
  void theClientKnowsEveryEventTypeTheApiWrites() {
    assertThat(io.snowfox.client.Event.TYPES).containsExactlyElementsOf(EventTypes.ALL);
  }

  @Test
  void theClientReadsASpanAsTheApiWritesIt() {
    Span span = Span.newBuilder().setSpanId("s2").setParentSpanId("s1")
        .setName("manager SubmitJobRequest").setAt(MANAGER).setStartMicros(Micros.of(AT))
        .setDurationMicros(1_500).setStatus(StatusCode.STATUS_CODE_OK).build();

    assertThat(ApiJson.read(Responses.span(span).encode(), io.snowfox.client.Span.class))
        .isEqualTo(new io.snowfox.client.Span("s2", "s1", "manager SubmitJobRequest", "n1",
            "manager", AT, 1_500, "OK"));
  }
}
