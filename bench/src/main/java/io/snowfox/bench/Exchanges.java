package io.snowfox.bench;

import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.HealthRequest;
import io.snowfox.protocol.v1.HealthResponse;
import io.snowfox.runtime.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.util.Random;

/** The two exchanges the bus benchmark compares. */
final class Exchanges {

  /** Bytes the envelope codec adds to the protobuf bytes: a version byte and a length. */
  static final int ENVELOPE_FRAME_BYTES = 5;
  /** Bytes Vert.x's buffer codec adds to a buffer: a length. */
  static final int BUFFER_FRAME_BYTES = 4;

  private Exchanges() {}

  /**
   * A HealthRequest envelope answered through SnowFox's {@code Bus} and {@code Routes}: a new
   * envelope and correlation scope per request, the codec both ways, the status checked and the
   * HealthResponse unpacked, as any SnowFox caller does.
   */
  static final class EnvelopeExchange implements Exchange {
    private final Bus bus;
    private final Endpoint to;
    private final Duration timeout;
    private int replyBytes;

    EnvelopeExchange(Bus bus, Endpoint to, Duration timeout) {
      this.bus = bus;
      this.to = to;
      this.timeout = timeout;
    }

    @Override
    public String name() {
      return "envelope (Bus + Routes)";
    }

    @Override
    public int requestBytes() {
      return ENVELOPE_FRAME_BYTES + sample().getSerializedSize();
    }

    @Override
    public int replyBytes() {
      return replyBytes;
    }

    /** A request as sent, correlation id included, to size it. */
    Envelope sample() {
      return request().setCorrelationId(Envelopes.newId()).build();
    }

    /** One round trip that also records the size of the answer. */
    Future<Envelope> probe(Duration probeTimeout) {
      return bus.request(EchoMember.ENVELOPE_ADDRESS, request(), probeTimeout)
          .onSuccess(reply -> replyBytes = ENVELOPE_FRAME_BYTES + reply.getSerializedSize());
    }

    @Override
    public Future<?> roundTrip() {
      return bus.request(EchoMember.ENVELOPE_ADDRESS, request(), timeout)
          .map(reply -> Envelopes.unpack(reply, HealthResponse.class));
    }

    private Envelope.Builder request() {
      return Envelopes.request(HealthRequest.getDefaultInstance())
          .setSource(bus.self())
          .setDestination(to);
    }
  }

  /** A raw buffer echoed by a plain consumer: Vert.x's clustered bus and nothing else. */
  static final class RawExchange implements Exchange {
    private final Bus bus;
    private final Buffer payload;
    private final DeliveryOptions delivery;

    /** A buffer of {@code wireBytes} on the wire, framing included, of random bytes. */
    RawExchange(Bus bus, int wireBytes, Duration timeout) {
      this.bus = bus;
      byte[] bytes = new byte[Math.max(0, wireBytes - BUFFER_FRAME_BYTES)];
      new Random(42).nextBytes(bytes);
      this.payload = Buffer.buffer(bytes);
      this.delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    }

    @Override
    public String name() {
      return "raw Buffer (eventBus().consumer)";
    }

    @Override
    public int requestBytes() {
      return BUFFER_FRAME_BYTES + payload.length();
    }

    @Override
    public int replyBytes() {
      return requestBytes();
    }

    /** One round trip with its own timeout, for the readiness check. */
    Future<?> probe(Duration probeTimeout) {
      return bus.vertx().eventBus().request(EchoMember.RAW_ADDRESS, payload,
          new DeliveryOptions().setSendTimeout(probeTimeout.toMillis()));
    }

    @Override
    public Future<?> roundTrip() {
      return bus.vertx().eventBus().<Buffer>request(EchoMember.RAW_ADDRESS, payload, delivery)
          .map(reply -> {
            if (reply.body().length() != payload.length()) {
              throw new IllegalStateException("echo returned " + reply.body().length()
                  + " bytes for " + payload.length());
            }
            return reply.body();
          });
    }
  }
}
