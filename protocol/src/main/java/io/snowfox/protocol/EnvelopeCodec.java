package io.snowfox.protocol;

import com.google.protobuf.InvalidProtocolBufferException;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.StatusCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * The event-bus codec of the envelope. Stateless and thread-safe; every process registers it.
 *
 * <p>Wire frame: one version byte ({@link #WIRE_VERSION}), a 4-byte length, the protobuf bytes.
 * A frame of an unknown version or with bytes that do not parse does not throw into the event
 * loop: it decodes to an {@linkplain Envelopes#undecodable undecodable} envelope that the
 * receiving handler answers with an error status.
 */
public final class EnvelopeCodec implements MessageCodec<Envelope, Envelope> {

  /** The codec name; it travels on the wire with every message. */
  public static final String NAME = "snowfox.v1.Envelope";

  /** Version of the frame layout written by this codec. */
  public static final byte WIRE_VERSION = 1;

  @Override
  public void encodeToWire(Buffer buffer, Envelope envelope) {
    byte[] bytes = envelope.toByteArray();
    buffer.appendByte(WIRE_VERSION).appendInt(bytes.length).appendBytes(bytes);
  }

  @Override
  public Envelope decodeFromWire(int pos, Buffer buffer) {
    if (buffer.length() < pos + 5) {
      return Envelopes.undecodable(StatusCode.STATUS_CODE_BAD_REQUEST,
          "truncated envelope frame: " + (buffer.length() - pos) + " bytes");
    }
    byte version = buffer.getByte(pos);
    if (version != WIRE_VERSION) {
      return Envelopes.undecodable(StatusCode.STATUS_CODE_UNSUPPORTED,
          "unsupported envelope wire version " + version + " (this process speaks "
              + WIRE_VERSION + ")");
    }
    int length = buffer.getInt(pos + 1);
    int start = pos + 5;
    // Compared as a difference: start + length overflows for a length near Integer.MAX_VALUE.
    if (length < 0 || length > buffer.length() - start) {
      return Envelopes.undecodable(StatusCode.STATUS_CODE_BAD_REQUEST,
          "envelope frame length " + length + " exceeds the " + (buffer.length() - start)
              + " bytes received");
    }
    try {
      return Envelope.parseFrom(buffer.getBytes(start, start + length));
    } catch (InvalidProtocolBufferException e) {
      return Envelopes.undecodable(StatusCode.STATUS_CODE_BAD_REQUEST,
          "malformed envelope: " + e.getMessage());
    }
  }

  @Override
  public Envelope transform(Envelope envelope) {
    return envelope; // protobuf messages are immutable
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
