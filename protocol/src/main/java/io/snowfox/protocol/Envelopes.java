package io.snowfox.protocol;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.MessageKind;
import io.snowfox.protocol.v1.Status;
import io.snowfox.protocol.v1.StatusCode;
import java.util.UUID;

/** Builds and reads envelopes: requests, replies, errors and events. */
public final class Envelopes {

  /** Metadata key set on an envelope that could not be decoded from the wire. */
  public static final String UNDECODABLE = "snowfox.undecodable";

  private Envelopes() {}

  /** A new random id for messages, requests and correlations. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }

  /** Now, in microseconds since the Unix epoch. */
  public static long nowMicros() {
    return Micros.now();
  }

  /** A request carrying {@code payload}; the caller adds correlation, source and destination. */
  public static Envelope.Builder request(Message payload) {
    String id = newId();
    return Envelope.newBuilder()
        .setMessageId(id)
        .setRequestId(id)
        .setKind(MessageKind.MESSAGE_KIND_REQUEST)
        .setAttempt(1)
        .setSentAtMicros(nowMicros())
        .setPayload(Any.pack(payload));
  }

  /** A one-way event carrying {@code payload}. */
  public static Envelope.Builder event(Message payload) {
    return Envelope.newBuilder()
        .setMessageId(newId())
        .setKind(MessageKind.MESSAGE_KIND_EVENT)
        .setSentAtMicros(nowMicros())
        .setPayload(Any.pack(payload));
  }

  /** The final, successful answer to {@code request}. */
  public static Envelope.Builder reply(Envelope request, Endpoint from, Message payload) {
    return answer(request, from)
        .setStatus(Status.newBuilder().setCode(StatusCode.STATUS_CODE_OK))
        .setPayload(Any.pack(payload));
  }

  /** The final, failed answer to {@code request}. */
  public static Envelope.Builder error(Envelope request, Endpoint from, Status status) {
    return answer(request, from).setStatus(status);
  }

  /** One response among many to {@code request} (GRR); a final status follows the last. */
  public static Envelope.Builder response(Envelope request, Endpoint from, Message payload,
      int sequence) {
    return answer(request, from)
        .setKind(MessageKind.MESSAGE_KIND_RESPONSE)
        .setResponseId(Integer.toString(sequence))
        .clearSpans()
        .setPayload(Any.pack(payload));
  }

  /** The common part of every answer to {@code request}: a final STATUS without status yet. */
  public static Envelope.Builder answer(Envelope request, Endpoint from) {
    return Envelope.newBuilder()
        .setMessageId(newId())
        .setCorrelationId(request.getCorrelationId())
        .setKind(MessageKind.MESSAGE_KIND_STATUS)
        .setRequestId(request.getRequestId())
        .setSource(from)
        .setDestination(request.getSource())
        .setTenantId(request.getTenantId())
        .setSentAtMicros(nowMicros())
        .addAllSpans(request.getSpansList());
  }

  /** An envelope standing for bytes that could not be decoded, so a handler can answer it. */
  public static Envelope undecodable(StatusCode code, String why) {
    return Envelope.newBuilder()
        .setMessageId(newId())
        .putMetadata(UNDECODABLE, "true")
        .setStatus(Status.newBuilder().setCode(code).setMessage(why))
        .build();
  }

  /** True when the codec could not decode this envelope; its status says why. */
  public static boolean isUndecodable(Envelope envelope) {
    return envelope.getMetadataMap().containsKey(UNDECODABLE);
  }

  /** The simple name of the payload type, for example {@code NodeInfoRequest}; "" when none. */
  public static String payloadType(Envelope envelope) {
    if (!envelope.hasPayload()) {
      return "";
    }
    String url = envelope.getPayload().getTypeUrl();
    int dot = url.lastIndexOf('.');
    return dot < 0 ? url : url.substring(dot + 1);
  }

  /** True when the payload is a {@code type}. */
  public static boolean carries(Envelope envelope, Class<? extends Message> type) {
    return envelope.hasPayload() && envelope.getPayload().is(type);
  }

  /**
   * The payload as a {@code type}.
   *
   * @throws StatusException UNSUPPORTED when the payload is of another type, BAD_REQUEST when its
   *     bytes do not parse
   */
  public static <T extends Message> T unpack(Envelope envelope, Class<T> type) {
    if (!carries(envelope, type)) {
      throw new StatusException(StatusCode.STATUS_CODE_UNSUPPORTED,
          "expected a " + type.getSimpleName() + " payload, got '" + payloadType(envelope) + "'",
          "", envelope.getCorrelationId(), null);
    }
    try {
      return envelope.getPayload().unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "malformed " + type.getSimpleName() + " payload", e.getMessage(),
          envelope.getCorrelationId(), e);
    }
  }

  /** True when the envelope is a final answer that reports success. */
  public static boolean isOk(Envelope envelope) {
    return envelope.getStatus().getCode() == StatusCode.STATUS_CODE_OK;
  }
}
