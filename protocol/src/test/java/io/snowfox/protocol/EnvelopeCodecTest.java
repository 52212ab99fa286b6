package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  /** Vert.x hands the codec a buffer holding its own header first; the frame starts after it. */
  private static final byte[] HEADER = {9, 9, 9, 9, 9, 9, 9};

  private final EnvelopeCodec codec = new EnvelopeCodec();

  private static Envelope sample() {
    return Envelopes.request(NodeInfoRequest.getDefaultInstance())
        .setCorrelationId("cid-1")
        .setSource(Endpoint.newBuilder().setNodeId("node-1").setRole(Role.ROLE_API))
        .setDestination(Endpoint.newBuilder().setNodeId("node-2").setRole(Role.ROLE_DAEMON))
        .putMetadata("k", "v")
        .build();
  }

  private Envelope decodeAfterHeader(Buffer frame) {
    return codec.decodeFromWire(HEADER.length, Buffer.buffer(HEADER).appendBuffer(frame));
  }

  private static Buffer frame(byte version, int length, byte[] body) {
    return Buffer.buffer().appendByte(version).appendInt(length).appendBytes(body);
  }

  @Test
  void envelopeSurvivesTheWireAtAnOffset() {
    Envelope sent = sample();
    Buffer wire = Buffer.buffer(HEADER);

    codec.encodeToWire(wire, sent);
    wire.appendBytes(new byte[] {1, 2, 3}); // whatever follows the frame is not ours

    Envelope received = codec.decodeFromWire(HEADER.length, wire);
    assertThat(received).isEqualTo(sent);
    assertThat(Envelopes.isUndecodable(received)).isFalse();
  }

  @Test
  void frameStartsWithTheWireVersionAndTheLength() {
    Envelope sent = sample();
    Buffer wire = Buffer.buffer();

    codec.encodeToWire(wire, sent);

    assertThat(wire.getByte(0)).isEqualTo(EnvelopeCodec.WIRE_VERSION);
    assertThat(wire.getInt(1)).isEqualTo(sent.getSerializedSize());
    assertThat(wire.length()).isEqualTo(5 + sent.getSerializedSize());
  }

  @Test
  void emptyEnvelopeSurvivesTheWire() {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, Envelope.getDefaultInstance());

    assertThat(codec.decodeFromWire(0, wire)).isEqualTo(Envelope.getDefaultInstance());
  }

  @Test
  void frameOfAnotherVersionIsUnsupportedAndNamesTheVersion() {
    byte[] body = sample().toByteArray();

    Envelope received = decodeAfterHeader(frame((byte) 2, body.length, body));

    assertThat(Envelopes.isUndecodable(received)).isTrue();
    assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
    assertThat(received.getStatus().getMessage())
        .contains("unsupported envelope wire version 2")
        .contains("speaks " + EnvelopeCodec.WIRE_VERSION);
  }

  @Test
  void truncatedFrameIsABadRequest() {
    Envelope received = decodeAfterHeader(Buffer.buffer(new byte[] {1, 0, 0}));

    assertThat(Envelopes.isUndecodable(received)).isTrue();
    assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(received.getStatus().getMessage()).isEqualTo("truncated envelope frame: 3 bytes");
  }

  @Test
  void lengthBeyondTheBufferIsABadRequest() {
    Envelope received = decodeAfterHeader(frame(EnvelopeCodec.WIRE_VERSION, 100, new byte[10]));

    assertThat(Envelopes.isUndecodable(received)).isTrue();
    assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(received.getStatus().getMessage())
        .isEqualTo("envelope frame length 100 exceeds the 10 bytes received");
  }

  @Test
  void negativeLengthIsABadRequest() {
    Envelope received = decodeAfterHeader(frame(EnvelopeCodec.WIRE_VERSION, -1, new byte[10]));

    assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(received.getStatus().getMessage()).contains("length -1");
  }

  @Test
  void hugeLengthIsABadRequestNotAnOverflow() {
    Envelope received =
        decodeAfterHeader(frame(EnvelopeCodec.WIRE_VERSION, Integer.MAX_VALUE, new byte[10]));

    assertThat(Envelopes.isUndecodable(received)).isTrue();
    assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(received.getStatus().getMessage())
        .contains("length " + Integer.MAX_VALUE + " exceeds");
  }

  @Test
  void garbageProtobufBytesAreABadRequest() {
    // Field 1, length-delimited, announcing 127 bytes of which one follows.
    byte[] garbage = {0x0A, 0x7F, 0x61};

    Envelope received = decodeAfterHeader(frame(EnvelopeCodec.WIRE_VERSION, 3, garbage));

    assertThat(Envelopes.isUndecodable(received)).isTrue();
    assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(received.getStatus().getMessage()).startsWith("malformed envelope: ");
  }

  @Test
  void deeplyNestedUnknownGroupsAreABadRequestNotAStackOverflow() throws Exception {
    // An unknown field nested 100 000 groups deep: protobuf-java before 4.28.2 parsed unknown
    // groups by unbounded recursion (CVE-2024-7254) and threw StackOverflowError.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    com.google.protobuf.CodedOutputStream out =
        com.google.protobuf.CodedOutputStream.newInstance(bytes);
    int depth = 100_000;
    for (int i = 0; i < depth; i++) {
      out.writeTag(99, com.google.protobuf.WireFormat.WIRETYPE_START_GROUP);
    }
    for (int i = 0; i < depth; i++) {
      out.writeTag(99, com.google.protobuf.WireFormat.WIRETYPE_END_GROUP);
    }
    out.flush();
    byte[] body = bytes.toByteArray();

    Envelope received = decodeAfterHeader(frame(EnvelopeCodec.WIRE_VERSION, body.length, body));

    assertThat(Envelopes.isUndecodable(received)).isTrue();
    assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(received.getStatus().getMessage()).startsWith("malformed envelope: ");
  }

  @Test
  void undecodableEnvelopeCarriesNoPayload() {
    Envelope received = decodeAfterHeader(Buffer.buffer(new byte[] {1}));

    assertThat(received.hasPayload()).isFalse();
    assertThat(received.getMessageId()).isNotEmpty();
  }

  @Test
  void transformReturnsTheSameInstance() {
    Envelope envelope = sample().toBuilder().setPayload(Any.getDefaultInstance()).build();

    assertThat(codec.transform(envelope)).isSameAs(envelope);
  }

  @Test
  void nameIsTheVersionedMessageName() {
    assertThat(codec.name()).isEqualTo("snowfox.v1.Envelope").isEqualTo(EnvelopeCodec.NAME);
    assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
  }
}
