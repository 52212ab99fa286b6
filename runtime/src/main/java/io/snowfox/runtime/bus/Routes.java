package io.snowfox.runtime.bus;

import com.google.protobuf.Message;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.Status;
import io.snowfox.protocol.v1.StatusCode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request handlers of one address, one per payload type.
 *
 * <p>A handler runs inside the correlation scope of its request. Whatever goes wrong (a
 * message that is not an envelope, an undecodable frame, an unknown payload type, a handler
 * that throws or fails) is answered with an error status and logged; it never escapes into the
 * event loop.
 */
public final class Routes {

  private static final Logger log = LoggerFactory.getLogger(Routes.class);

  /** Handles one request payload; the answer's payload is the future's value. */
  @FunctionalInterface
  public interface Handler<T extends Message> {
    Future<? extends Message> handle(T payload, Envelope request);
  }

  /**
   * Handles one request payload with many answers (GRR): each message of the list is sent as a
   * RESPONSE, in order, then a final STATUS.
   */
  @FunctionalInterface
  public interface StreamHandler<T extends Message> {
    Future<List<? extends Message>> handle(T payload, Envelope request);
  }

  private interface Route {
    Future<?> invoke(Envelope request);

    boolean streams();
  }

  private record Single<T extends Message>(Class<T> type, Handler<T> handler) implements Route {
    @Override
    public Future<?> invoke(Envelope request) {
      return handler.handle(Envelopes.unpack(request, type), request);
    }

    @Override
    public boolean streams() {
      return false;
    }
  }

  private record Stream<T extends Message>(Class<T> type, StreamHandler<T> handler)
      implements Route {
    @Override
    public Future<?> invoke(Envelope request) {
      return handler.handle(Envelopes.unpack(request, type), request);
    }

    @Override
    public boolean streams() {
      return true;
    }
  }

  private final Bus bus;
  private final String address;
  private final Map<String, Route> byTypeUrl = new LinkedHashMap<>();

  Routes(Bus bus, String address) {
    this.bus = bus;
    this.address = address;
  }

  /** Handles requests carrying a {@code type}. */
  public <T extends Message> Routes on(Class<T> type, Handler<T> handler) {
    byTypeUrl.put(typeUrl(type), new Single<>(type, handler));
    return this;
  }

  /** Handles requests carrying a {@code type} with many responses and a final status. */
  public <T extends Message> Routes onEach(Class<T> type, StreamHandler<T> handler) {
    byTypeUrl.put(typeUrl(type), new Stream<>(type, handler));
    return this;
  }

  private static String typeUrl(Class<? extends Message> type) {
    return "type.googleapis.com/" + com.google.protobuf.Internal.getDefaultInstance(type)
        .getDescriptorForType().getFullName();
  }

  /** Starts listening; completes once the registration has been made. */
  public Future<MessageConsumer<Object>> listen() {
    MessageConsumer<Object> consumer = bus.vertx().eventBus().consumer(address, this::receive);
    return consumer.completion().map(consumer);
  }

  private void receive(io.vertx.core.eventbus.Message<Object> message) {
    Object body = message.body();
    if (!(body instanceof Envelope request)) {
      log.warn("refused a {} on {}: only snowfox envelopes are accepted",
          body == null ? "null" : body.getClass().getSimpleName(), address);
      message.reply(Envelopes.undecodable(StatusCode.STATUS_CODE_BAD_REQUEST,
          "expected a snowfox.v1.Envelope on " + address));
      return;
    }
    String correlationId = Correlation.isValid(request.getCorrelationId())
        ? request.getCorrelationId()
        : Envelopes.newId();
    Envelope scoped = correlationId.equals(request.getCorrelationId())
        ? request
        : request.toBuilder().setCorrelationId(correlationId).build();
    String spanId = Envelopes.newId();
    Correlation.runIn(new Correlation.Scope(correlationId, Envelopes.payloadType(request),
        spanId, request.getTenantId(), request.getPartnerIdsList()),
        () -> handle(message, scoped, spanId));
  }

  private void handle(io.vertx.core.eventbus.Message<Object> message, Envelope request,
      String spanId) {
    long start = Envelopes.nowMicros();
    long startNanos = System.nanoTime();
    if (Envelopes.isUndecodable(request)) {
      log.warn("refused an undecodable message on {}: {}", address,
          request.getStatus().getMessage());
      message.reply(Envelopes.error(request, bus.self(), request.getStatus()).build());
      handled(UNKNOWN_TYPE, request.getStatus().getCode(), startNanos);
      return;
    }
    Route route = byTypeUrl.get(request.getPayload().getTypeUrl());
    if (route == null) {
      String type = Envelopes.payloadType(request);
      log.warn("refused a message of unsupported type '{}' on {}", type, address);
      message.reply(Envelopes.error(request, bus.self(), Status.newBuilder()
          .setCode(StatusCode.STATUS_CODE_UNSUPPORTED)
          .setMessage("unsupported message type '" + type + "' on " + address)
          .build()).build());
      // Not the sender's type name: a label value per junk type would grow without bound.
      handled(UNKNOWN_TYPE, StatusCode.STATUS_CODE_UNSUPPORTED, startNanos);
      return;
    }
    log.debug("handling {} from {}", Envelopes.payloadType(request), request.hasSource()
        ? request.getSource().getNodeId() + "/" + request.getSource().getRole() : "?");
    Future<?> answer;
    try {
      answer = route.invoke(request);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(result -> {
      if (result.succeeded() && route.streams()) {
        @SuppressWarnings("unchecked")
        List<? extends Message> responses = (List<? extends Message>) result.result();
        stream(message, request, responses, 0, spanId, start);
        handled(Envelopes.payloadType(request), StatusCode.STATUS_CODE_OK, startNanos);
      } else if (result.succeeded()) {
        message.reply(Envelopes.reply(request, bus.self(), (Message) result.result())
            .addSpans(span(request, spanId, start, StatusCode.STATUS_CODE_OK)).build());
        handled(Envelopes.payloadType(request), StatusCode.STATUS_CODE_OK, startNanos);
      } else {
        Status status = failureStatus(request, result.cause());
        message.reply(Envelopes.error(request, bus.self(), status)
            .addSpans(span(request, spanId, start, status.getCode())).build());
        handled(Envelopes.payloadType(request), status.getCode(), startNanos);
      }
    });
  }

  /**
   * Sends responses[index..] one at a time, each as a reply the requester acknowledges (so a
   * slow requester slows the stream down), then the final status.
   */
  private void stream(io.vertx.core.eventbus.Message<Object> to, Envelope request,
      List<? extends Message> responses, int index, String spanId, long start) {
    if (index == responses.size()) {
      to.reply(Envelopes.answer(request, bus.self())
          .setStatus(Status.newBuilder().setCode(StatusCode.STATUS_CODE_OK))
          .addSpans(span(request, spanId, start, StatusCode.STATUS_CODE_OK)).build());
      return;
    }
    Envelope response = Envelopes.response(request, bus.self(), responses.get(index), index)
        .build();
    to.replyAndRequest(response, new io.vertx.core.eventbus.DeliveryOptions()
            .setSendTimeout(Bus.DEFAULT_REQUEST_TIMEOUT.toMillis()))
        .onSuccess(ack -> stream(ack, request, responses, index + 1, spanId, start))
        .onFailure(failure -> log.warn("{} stream stopped after {} of {} responses: {}",
            Envelopes.payloadType(request), index, responses.size(), failure.getMessage()));
  }

  private Status failureStatus(Envelope request, Throwable failure) {
    if (failure instanceof StatusException status) {
      log.warn("{} failed: {}", Envelopes.payloadType(request), status.toString());
      return status.toStatus();
    }
    log.error("{} failed unexpectedly", Envelopes.payloadType(request), failure);
    return Status.newBuilder()
        .setCode(StatusCode.STATUS_CODE_INTERNAL)
        .setMessage("internal error handling " + Envelopes.payloadType(request))
        .setDetail(String.valueOf(failure.getMessage()))
        .build();
  }

  /**
   * The span of this hop, also written as a log line (with the span's fields) so that traces
   * gathered from logs show every hop with its timing. Frequent housekeeping messages are
   * logged at DEBUG only.
   */
  private Span span(Envelope request, String spanId, long startMicros, StatusCode status) {
    String parent = request.getSpansCount() == 0 ? ""
        : request.getSpans(request.getSpansCount() - 1).getSpanId();
    String type = Envelopes.payloadType(request);
    Span span = Span.newBuilder()
        .setSpanId(spanId)
        .setParentSpanId(parent)
        .setName(Bus.describe(bus.self()) + " " + type)
        .setAt(bus.self())
        .setStartMicros(startMicros)
        .setDurationMicros(Envelopes.nowMicros() - startMicros)
        .setStatus(status)
        .build();
    Spans.finished(log, span, QUIET.contains(type), request.getCorrelationId(), type,
        Spans.exporting() ? exportAttributes(request) : Map.of());
    return span;
  }

  /** What an exported span says besides SnowFox's span: the address and the sender. */
  private Map<String, Object> exportAttributes(Envelope request) {
    return request.hasSource()
        ? Map.of(ADDRESS_ATTRIBUTE, address, SOURCE_ATTRIBUTE, Bus.describe(request.getSource()))
        : Map.of(ADDRESS_ATTRIBUTE, address);
  }

  /** The bus address a request was handled on, in exported spans. */
  public static final String ADDRESS_ATTRIBUTE = "snowfox.address";
  /** The process that sent the request ({@code spawner@node-1}), in exported spans. */
  public static final String SOURCE_ATTRIBUTE = "snowfox.source";

  /** Times a handled request: until its answer (a stream's first response) was sent. */
  private void handled(String type, StatusCode status, long startNanos) {
    bus.metrics().handled(address, type, status, System.nanoTime() - startNanos);
  }

  /** The type label of requests no route takes. */
  static final String UNKNOWN_TYPE = "unknown";

  /** Message types handled every few seconds by design; their spans are logged at DEBUG. */
  private static final java.util.Set<String> QUIET =
      java.util.Set.of("HealthRequest", "ReadLogs", "ListProcesses", "TraceRequest",
          "LeaseRequest", "MetricsRequest");
}
