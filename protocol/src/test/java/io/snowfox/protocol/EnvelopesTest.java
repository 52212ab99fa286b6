package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.HealthRequest;
import io.snowfox.protocol.v1.HealthResponse;
import io.snowfox.protocol.v1.MessageKind;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.Status;
import io.snowfox.protocol.v1.StatusCode;
import org.junit.jupiter.api.Test;

class EnvelopesTest {

  private static final Endpoint API = Endpoint.newBuilder()
      .setNodeId("node-1").setRole(Role.ROLE_API).build();
  private static final Endpoint DAEMON = Endpoint.newBuilder()
      .setNodeId("node-2").setRole(Role.ROLE_DAEMON).build();

  private static Envelope sentRequest() {
    return Envelopes.request(NodeInfoRequest.getDefaultInstance())
        .setCorrelationId("c-1")
        .setSource(API)
        .setDestination(DAEMON)
        .setTenantId("tenant-a")
        .addSpans(Span.newBuilder().setSpanId("s-1").setName("api@node-1 NodeInfoRequest"))
        .build();
  }

  @Test
  void requestIsAFirstAttemptWhoseRequestIdIsItsMessageId() {
    long before = Envelopes.nowMicros();

    Envelope request = Envelopes.request(HealthRequest.getDefaultInstance()).build();

    assertThat(request.getMessageId()).isNotEmpty();
    assertThat(request.getRequestId()).isEqualTo(request.getMessageId());
    assertThat(request.getKind()).isEqualTo(MessageKind.MESSAGE_KIND_REQUEST);
    assertThat(request.getAttempt()).isEqualTo(1);
    assertThat(request.getSentAtMicros()).isBetween(before, Envelopes.nowMicros());
    assertThat(Envelopes.unpack(request, HealthRequest.class))
        .isEqualTo(HealthRequest.getDefaultInstance());
  }

  @Test
  void everyRequestHasItsOwnId() {
    Envelope first = Envelopes.request(HealthRequest.getDefaultInstance()).build();
    Envelope second = Envelopes.request(HealthRequest.getDefaultInstance()).build();

    assertThat(first.getMessageId()).isNotEqualTo(second.getMessageId());
  }

  @Test
  void replyAnswersTheRequestAndGoesBackToItsSource() {
    Envelope request = sentRequest();
    NodeInfoResponse info = NodeInfoResponse.newBuilder().setNodeId("node-2").build();

    Envelope reply = Envelopes.reply(request, DAEMON, info).build();

    assertThat(reply.getMessageId()).isNotEmpty().isNotEqualTo(request.getMessageId());
    assertThat(reply.getCorrelationId()).isEqualTo("c-1");
    assertThat(reply.getRequestId()).isEqualTo(request.getRequestId());
    assertThat(reply.getKind()).isEqualTo(MessageKind.MESSAGE_KIND_STATUS);
    assertThat(reply.getSource()).isEqualTo(DAEMON);
    assertThat(reply.getDestination()).isEqualTo(API);
    assertThat(reply.getTenantId()).isEqualTo("tenant-a");
    assertThat(reply.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_OK);
    assertThat(reply.getSpansList()).isEqualTo(request.getSpansList());
    assertThat(Envelopes.isOk(reply)).isTrue();
    assertThat(Envelopes.unpack(reply, NodeInfoResponse.class)).isEqualTo(info);
  }

  @Test
  void errorCarriesTheStatusAndNoPayload() {
    Envelope request = sentRequest();
    Status notFound = Status.newBuilder().setCode(StatusCode.STATUS_CODE_NOT_FOUND)
        .setMessage("no job 'x'").setDetail("job_id").build();

    Envelope error = Envelopes.error(request, DAEMON, notFound).build();

    assertThat(error.getStatus()).isEqualTo(notFound);
    assertThat(error.hasPayload()).isFalse();
    assertThat(error.getCorrelationId()).isEqualTo("c-1");
    assertThat(error.getRequestId()).isEqualTo(request.getRequestId());
    assertThat(error.getDestination()).isEqualTo(API);
    assertThat(error.getSpansList()).isEqualTo(request.getSpansList());
    assertThat(Envelopes.isOk(error)).isFalse();
  }

  @Test
  void eventIsOneWay() {
    Envelope event = Envelopes.event(Ack.newBuilder().setNote("hello").build()).build();

    assertThat(event.getKind()).isEqualTo(MessageKind.MESSAGE_KIND_EVENT);
    assertThat(event.getMessageId()).isNotEmpty();
    assertThat(event.getRequestId()).isEmpty();
    assertThat(Envelopes.payloadType(event)).isEqualTo("Ack");
  }

  @Test
  void unpackingAnotherTypeIsUnsupported() {
    Envelope request = sentRequest();

    assertThatThrownBy(() -> Envelopes.unpack(request, HealthResponse.class))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.code()).isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
          assertThat(e.getMessage())
              .isEqualTo("expected a HealthResponse payload, got 'NodeInfoRequest'");
          assertThat(e.correlationId()).isEqualTo("c-1");
        });
  }

  @Test
  void unpackingWithoutPayloadIsUnsupported() {
    assertThatThrownBy(() -> Envelopes.unpack(Envelope.getDefaultInstance(), Ack.class))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.code()).isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
          assertThat(e.getMessage()).isEqualTo("expected a Ack payload, got ''");
        });
  }

  @Test
  void unpackingMalformedPayloadBytesIsABadRequest() {
    Envelope envelope = Envelope.newBuilder()
        .setCorrelationId("c-2")
        .setPayload(Any.newBuilder().setTypeUrl("type.googleapis.com/snowfox.v1.Ack")
            .setValue(ByteString.copyFrom(new byte[] {0x0A, 0x7F})))
        .build();

    assertThatThrownBy(() -> Envelopes.unpack(envelope, Ack.class))
        .isInstanceOfSatisfying(StatusException.class, e -> {
          assertThat(e.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
          assertThat(e.getMessage()).isEqualTo("malformed Ack payload");
          assertThat(e.correlationId()).isEqualTo("c-2");
        });
  }

  @Test
  void payloadTypeIsTheSimpleNameOfThePayload() {
    assertThat(Envelopes.payloadType(sentRequest())).isEqualTo("NodeInfoRequest");
    assertThat(Envelopes.payloadType(Envelope.getDefaultInstance())).isEmpty();
    assertThat(Envelopes.carries(sentRequest(), NodeInfoRequest.class)).isTrue();
    assertThat(Envelopes.carries(sentRequest(), Ack.class)).isFalse();
  }

  @Test
  void undecodableEnvelopeIsMarkedAndSaysWhy() {
    Envelope undecodable =
        Envelopes.undecodable(StatusCode.STATUS_CODE_BAD_REQUEST, "truncated envelope frame");

    assertThat(Envelopes.isUndecodable(undecodable)).isTrue();
    assertThat(Envelopes.isUndecodable(sentRequest())).isFalse();
    assertThat(undecodable.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(undecodable.getStatus().getMessage()).isEqualTo("truncated envelope frame");
  }

  @Test
  void statusExceptionTravelsAsAStatus() {
    StatusException failure = StatusException.of(Status.newBuilder()
        .setCode(StatusCode.STATUS_CODE_CONFLICT).setMessage("already running")
        .setDetail("job-1").build(), "c-3");

    assertThat(failure.code()).isEqualTo(StatusCode.STATUS_CODE_CONFLICT);
    assertThat(failure.correlationId()).isEqualTo("c-3");
    assertThat(failure.toStatus()).isEqualTo(Status.newBuilder()
        .setCode(StatusCode.STATUS_CODE_CONFLICT).setMessage("already running")
        .setDetail("job-1").build());
    assertThat(failure).hasToString("STATUS_CODE_CONFLICT: already running (job-1)");
  }
}
