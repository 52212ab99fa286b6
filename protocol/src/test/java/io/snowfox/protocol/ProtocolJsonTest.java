package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.HealthResponse;
import io.snowfox.protocol.v1.Introduce;
import io.snowfox.protocol.v1.MessageKind;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.Shutdown;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.Status;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StatusColour;
import io.snowfox.protocol.v1.SubsystemStatus;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolJsonTest {

  private static final Endpoint API = Endpoint.newBuilder()
      .setNodeId("node-1").setRole(Role.ROLE_API).build();
  private static final Endpoint DAEMON = Endpoint.newBuilder()
      .setNodeId("node-2").setRole(Role.ROLE_DAEMON).build();

  static Stream<Named<Message>> payloads() {
    return Stream.<Message>of(
        NodeInfoRequest.getDefaultInstance(),
        NodeInfoResponse.newBuilder()
            .setNodeId("node-2")
            .setStatus(StatusColour.STATUS_COLOUR_YELLOW)
            .setReason("spawner restarting after exit code 1 (restart 1)")
            .addSubsystems(SubsystemStatus.newBuilder()
                .setName("spawner").setStatus(StatusColour.STATUS_COLOUR_YELLOW)
                .setReason("spawner restarting").setState("BACKING_OFF").setPid(0)
                .setRestarts(1).setRole(Role.ROLE_SPAWNER))
            .addSubsystems(SubsystemStatus.newBuilder()
                .setName("manager").setStatus(StatusColour.STATUS_COLOUR_GREEN)
                .setState("RUNNING").setPid(4242).setRole(Role.ROLE_MANAGER))
            .setStartedAtMicros(1_700_000_000_123_456L)
            .setVersion("0.1.0")
            .setClusterMembers(7)
            .build(),
        HealthResponse.newBuilder()
            .setRole(Role.ROLE_MANAGER).setPid(123).setReady(false).setReason("starting")
            .setStartedAtMicros(1_700_000_000_000_001L)
            .setHeapUsedBytes(12_345_678L).setHeapMaxBytes(Long.MAX_VALUE)
            .build(),
        StartProcess.newBuilder()
            .setInstanceId("job-1.0").setCommand("/bin/sleep").addArgs("10").addArgs("")
            .putEnvironment("PATH", "/usr/bin:/bin")
            .putEnvironment("LANG", "C.UTF-8")
            .putEnvironment("EMPTY", "")
            .setUser("nobody").setGroup("nogroup").setWorkingDirectory("/tmp")
            .build(),
        Shutdown.newBuilder().setReason("node stopping").setGraceMillis(10_000).build(),
        Ack.newBuilder().setNote("stopping").build(),
        Introduce.newBuilder()
            .setClientName("snowfox-cli").setClientVersion("0.1.0").setProtocolVersion("v1")
            .build())
        .map(m -> Named.of(m.getDescriptorForType().getName(), m));
  }

  /** An envelope with every field set, carrying {@code payload}. */
  private static Envelope everyField(Message payload) {
    return Envelope.newBuilder()
        .setMessageId("m-1")
        .setCorrelationId("c-1")
        .setSource(API)
        .setDestination(DAEMON)
        .setKind(MessageKind.MESSAGE_KIND_STATUS)
        .setRequestId("r-1")
        .setResponseId("2")
        .setStatus(Status.newBuilder().setCode(StatusCode.STATUS_CODE_CONFLICT)
            .setMessage("already running").setDetail("instance job-1.0"))
        .addSpans(Span.newBuilder().setSpanId("s-1").setName("api@node-1 NodeInfoRequest")
            .setAt(API).setStartMicros(1).setDurationMicros(2)
            .setStatus(StatusCode.STATUS_CODE_OK))
        .addSpans(Span.newBuilder().setSpanId("s-2").setParentSpanId("s-1")
            .setName("daemon@node-2 NodeInfoRequest").setAt(DAEMON)
            .setStartMicros(3).setDurationMicros(4).setStatus(StatusCode.STATUS_CODE_CONFLICT))
        .putMetadata("trace", "yes")
        .putMetadata("snowfox.undecodable", "false")
        .setTenantId("tenant-a")
        .addPartnerIds("partner-1")
        .addPartnerIds("partner-2")
        .setLeaseMillis(30_000)
        .setAttempt(3)
        .setSentAtMicros(1_700_000_000_999_999L)
        .setPayload(Any.pack(payload))
        .build();
  }

  @ParameterizedTest
  @MethodSource("payloads")
  void envelopeWithEveryFieldRoundTripsThroughJson(Message payload) {
    Envelope envelope = everyField(payload);

    String json = ProtocolJson.print(envelope);
    Envelope parsed = ProtocolJson.parseEnvelope(json);

    assertThat(parsed).isEqualTo(envelope);
    assertThat(Envelopes.unpack(parsed, payload.getClass())).isEqualTo(payload);
    assertThat(json).doesNotContain("\n")
        .contains("\"@type\":\"type.googleapis.com/"
            + payload.getDescriptorForType().getFullName() + "\"");
  }

  @Test
  void enumValuesAppearByName() {
    NodeInfoResponse info = NodeInfoResponse.newBuilder()
        .setStatus(StatusColour.STATUS_COLOUR_GREEN)
        .addSubsystems(SubsystemStatus.newBuilder().setRole(Role.ROLE_SPAWNER)
            .setStatus(StatusColour.STATUS_COLOUR_RED))
        .build();

    String json = ProtocolJson.print(everyField(info));

    assertThat(json)
        .contains("\"status\":\"STATUS_COLOUR_GREEN\"")
        .contains("\"status\":\"STATUS_COLOUR_RED\"")
        .contains("\"role\":\"ROLE_SPAWNER\"")
        .contains("\"kind\":\"MESSAGE_KIND_STATUS\"")
        .contains("\"code\":\"STATUS_CODE_CONFLICT\"");
  }

  @Test
  void fieldNamesFollowTheProtobufJsonMapping() {
    String json = ProtocolJson.print(everyField(Ack.getDefaultInstance()));

    assertThat(json).contains("\"correlationId\":\"c-1\"", "\"partnerIds\":[\"partner-1\",",
        "\"leaseMillis\":\"30000\"");
  }

  @Test
  void mergeFillsTheGivenBuilder() {
    Shutdown.Builder builder = Shutdown.newBuilder();

    ProtocolJson.merge("{\"reason\":\"maintenance\",\"grace_millis\":\"250\"}", builder);

    assertThat(builder.build()).isEqualTo(
        Shutdown.newBuilder().setReason("maintenance").setGraceMillis(250).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{",
      "not json",
      "{\"nope\":1}",
      "{\"kind\":\"MESSAGE_KIND_NOPE\"}",
      "{\"attempt\":\"many\"}",
      "{\"payload\":{\"@type\":\"type.googleapis.com/acme.v1.Unknown\"}}"
  })
  void invalidJsonIsABadRequest(String json) {
    assertThatThrownBy(() -> ProtocolJson.parseEnvelope(json))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
          assertThat(e.getMessage()).isEqualTo("invalid JSON for snowfox.v1.Envelope");
          assertThat(e.detail()).isNotEmpty();
        });
  }

  @Test
  void printingAPayloadOfUnknownTypeIsUnsupported() {
    Envelope envelope = Envelope.newBuilder()
        .setPayload(Any.newBuilder().setTypeUrl("type.googleapis.com/acme.v1.Unknown")
            .setValue(ByteString.copyFromUtf8("x")))
        .build();

    assertThatThrownBy(() -> ProtocolJson.print(envelope))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.code()).isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
          assertThat(e.getMessage()).isEqualTo("cannot print snowfox.v1.Envelope as JSON");
        });
  }

  @org.junit.jupiter.api.Test
  void stateWrittenByANewerVersionOpensWithItsUnknownFieldsSkipped() {
    String fromNewer = "{\"id\":\"web-1\",\"version\":\"7\",\"placementScore\":0.5,"
        + "\"instances\":[{\"index\":0,\"zoneHint\":\"eu\"}]}";

    io.snowfox.protocol.v1.Job job = ProtocolJson.mergeLenient(fromNewer,
        io.snowfox.protocol.v1.Job.newBuilder()).build();

    org.assertj.core.api.Assertions.assertThat(job.getId()).isEqualTo("web-1");
    org.assertj.core.api.Assertions.assertThat(job.getVersion()).isEqualTo(7);
    org.assertj.core.api.Assertions.assertThat(job.getInstancesCount()).isEqualTo(1);
    // A request with a field this version does not know is still an error to report.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProtocolJson.merge(fromNewer,
        io.snowfox.protocol.v1.Job.newBuilder())).isInstanceOf(StatusException.class);
  }
}
