package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.Status;
import io.snowfox.protocol.v1.StatusCode;
import io.vertx.core.buffer.Buffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the envelope codec: whatever bytes arrive, {@code decodeFromWire} returns an envelope
 * (a valid one, or an {@linkplain Envelopes#isUndecodable undecodable} one whose status says
 * why) and never throws into the event loop; every valid envelope survives the wire unchanged.
 */
class EnvelopeCodecFuzzTest {

  private static final int TRIES = 2_000;
  private static final int MAX_HEADER = 16;

  private final EnvelopeCodec codec = new EnvelopeCodec();

  /** Bytes handed to the codec, shown in hex when a check fails. */
  private record Wire(int pos, byte[] bytes) {
    @Override
    public String toString() {
      return "pos " + pos + ", " + bytes.length + " bytes " + HexFormat.of().formatHex(bytes);
    }
  }

  @Test
  void validEnvelopeSurvivesTheWireAfterAnyHeader() {
    Fuzz.forAll(TRIES, EnvelopeCodecFuzzTest::envelope, sent -> {
      byte[] header = new byte[sent.getAttempt() & (MAX_HEADER - 1)];
      Buffer wire = Buffer.buffer(header);
      codec.encodeToWire(wire, sent);
      wire.appendBytes(new byte[] {1, 2, 3}); // whatever follows the frame is not ours

      Envelope received = codec.decodeFromWire(header.length, wire);

      assertThat(received).isEqualTo(sent);
      assertThat(Envelopes.isUndecodable(received)).isFalse();
    });
  }

  @Test
  void arbitraryBytesDecodeToAnEnvelopeOrAnExplanation() {
    Fuzz.forAll(TRIES, random -> {
      byte[] noise = bytes(random, 512);
      // Noise rarely gets past the version byte and the length: frame half of it well.
      byte[] body = random.nextBoolean() ? noise : frame(EnvelopeCodec.WIRE_VERSION,
          noise.length, noise);
      int pos = random.nextInt(MAX_HEADER + 1);
      byte[] wire = new byte[pos + body.length];
      System.arraycopy(body, 0, wire, pos, body.length);
      return new Wire(pos, wire);
    }, wire -> assertDecodedOrExplained(codec.decodeFromWire(wire.pos(),
        Buffer.buffer(wire.bytes()))));
  }

  @Test
  void truncatedFrameIsABadRequest() {
    Fuzz.forAll(TRIES, random -> {
      byte[] frame = encode(envelope(random));
      byte[] kept = new byte[random.nextInt(frame.length)];
      System.arraycopy(frame, 0, kept, 0, kept.length);
      return new Wire(0, kept);
    }, wire -> {
      Envelope received = codec.decodeFromWire(0, Buffer.buffer(wire.bytes()));

      assertThat(Envelopes.isUndecodable(received)).isTrue();
      assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    });
  }

  @Test
  void bitFlippedFrameDecodesOrIsExplained() {
    Fuzz.forAll(TRIES, random -> {
      byte[] frame = encode(envelope(random));
      for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
        int bit = random.nextInt(frame.length * 8);
        frame[bit / 8] ^= (byte) (1 << (bit % 8));
      }
      return new Wire(0, frame);
    }, wire -> assertDecodedOrExplained(codec.decodeFromWire(0, Buffer.buffer(wire.bytes()))));
  }

  @Test
  void lengthBeyondTheBytesReceivedIsABadRequestNamingIt() {
    Fuzz.forAll(TRIES, random -> {
      byte[] body = envelope(random).toByteArray();
      long excess = random.nextBoolean() ? 1 + random.nextInt(16) : 1 + random.nextInt(
          Integer.MAX_VALUE);
      int length = (int) Math.min(Integer.MAX_VALUE, body.length + excess);
      return new Wire(0, frame(EnvelopeCodec.WIRE_VERSION, length, body));
    }, wire -> {
      Envelope received = codec.decodeFromWire(0, Buffer.buffer(wire.bytes()));

      assertThat(Envelopes.isUndecodable(received)).isTrue();
      assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
      assertThat(received.getStatus().getMessage())
          .contains("length " + Buffer.buffer(wire.bytes()).getInt(1) + " exceeds");
    });
  }

  @Test
  void unknownWireVersionIsUnsupportedAndNamed() {
    Fuzz.forAll(TRIES, random -> {
      byte version = (byte) (EnvelopeCodec.WIRE_VERSION + 1 + random.nextInt(255));
      byte[] body = envelope(random).toByteArray();
      return new Wire(0, frame(version, body.length, body));
    }, wire -> {
      Envelope received = codec.decodeFromWire(0, Buffer.buffer(wire.bytes()));

      assertThat(Envelopes.isUndecodable(received)).isTrue();
      assertThat(received.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
      assertThat(received.getStatus().getMessage())
          .contains("unsupported envelope wire version " + wire.bytes()[0]);
    });
  }

  /** An undecodable envelope says why with a status; a decoded one survives the wire again. */
  private void assertDecodedOrExplained(Envelope received) {
    assertThat(received).isNotNull();
    if (Envelopes.isUndecodable(received)) {
      assertThat(received.getStatus().getCode())
          .isIn(StatusCode.STATUS_CODE_BAD_REQUEST, StatusCode.STATUS_CODE_UNSUPPORTED);
      assertThat(received.getStatus().getMessage()).isNotBlank();
      assertThat(received.hasPayload()).isFalse();
      return;
    }
    assertThat(codec.decodeFromWire(0, Buffer.buffer(encode(received)))).isEqualTo(received);
  }

  private byte[] encode(Envelope envelope) {
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, envelope);
    return wire.getBytes();
  }

  private static byte[] frame(byte version, int length, byte[] body) {
    return Buffer.buffer().appendByte(version).appendInt(length).appendBytes(body).getBytes();
  }

  /** Any envelope a sender may build, every field set or not, enum numbers beyond today's. */
  static Envelope envelope(Random random) {
    Envelope.Builder envelope = Envelope.newBuilder()
        .setMessageId(text(random))
        .setCorrelationId(text(random))
        .setKindValue(random.nextInt(12))
        .setRequestId(text(random))
        .setResponseId(text(random))
        .setTenantId(text(random))
        .setLeaseMillis(random.nextLong())
        .setAttempt(random.nextInt())
        .setSentAtMicros(random.nextLong());
    if (random.nextBoolean()) {
      envelope.setSource(endpoint(random));
    }
    if (random.nextBoolean()) {
      envelope.setDestination(endpoint(random));
    }
    if (random.nextBoolean()) {
      envelope.setStatus(Status.newBuilder().setCodeValue(random.nextInt(12))
          .setMessage(text(random)).setDetail(text(random)));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      envelope.addSpans(Span.newBuilder().setSpanId(text(random)).setParentSpanId(text(random))
          .setName(text(random)).setAt(endpoint(random)).setStartMicros(random.nextLong())
          .setDurationMicros(random.nextLong()).setStatusValue(random.nextInt(12)));
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      // The codec's own marker is not for senders: EnvelopeCodecTest covers a forged one.
      String key = text(random);
      if (!key.equals(Envelopes.UNDECODABLE)) {
        envelope.putMetadata(key, text(random));
      }
    }
    for (int i = random.nextInt(4); i > 0; i--) {
      envelope.addPartnerIds(text(random));
    }
    if (random.nextBoolean()) {
      envelope.setPayload(Any.newBuilder().setTypeUrl(text(random))
          .setValue(ByteString.copyFrom(bytes(random, 64))));
    }
    return envelope.build();
  }

  private static Endpoint endpoint(Random random) {
    return Endpoint.newBuilder().setNodeId(text(random)).setRoleValue(random.nextInt(9)).build();
  }

  /**
   * Well-formed text from ASCII to astral code points. Protobuf strings are UTF-8, so a lone
   * surrogate cannot survive any wire: senders never hold one.
   */
  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    boolean ascii = random.nextInt(3) > 0;
    for (int i = random.nextInt(25); i > 0; i--) {
      int codePoint = ascii ? random.nextInt(0x80) : random.nextInt(0x110000);
      if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
        text.appendCodePoint(codePoint);
      }
    }
    return text.toString();
  }

  private static byte[] bytes(Random random, int maxLength) {
    byte[] bytes = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(bytes);
    return bytes;
  }
}
