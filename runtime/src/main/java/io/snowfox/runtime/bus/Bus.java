package io.snowfox.runtime.bus;

import com.google.protobuf.Message;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.protocol.v1.StatusCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.MessageKind;
import io.snowfox.runtime.metrics.BusMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One process's view of the SnowFox event bus: typed request handlers and requests that keep
 * the correlation id of the flow they are made in.
 *
 * <p>Every answer is an envelope with a status; a failure of the handler or of the transport
 * reaches the requester as a failed future holding a {@link StatusException}.
 */
public final class Bus {

  /** A request unanswered for this long fails with STATUS_CODE_TIMEOUT. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final Endpoint self;
  private final BusMetrics metrics;

  public Bus(Vertx vertx, Endpoint self) {
    this(vertx, self, BusMetrics.NONE);
  }

  /** A bus that times every request it sends and handles into {@code metrics}. */
  public Bus(Vertx vertx, Endpoint self, BusMetrics metrics) {
    this.vertx = vertx;
    this.self = self;
    this.metrics = metrics;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This process: its node and role. */
  public Endpoint self() {
    return self;
  }

  /** Where requests sent and handled are timed. */
  public BusMetrics metrics() {
    return metrics;
  }

  /** Builds the handlers of the payload types {@code address} accepts. */
  public Routes routes(String address) {
    return new Routes(this, address);
  }

  /** Asks the process {@code to} and returns its answer's payload as a {@code type}. */
  public <R extends Message> Future<R> ask(Endpoint to, Message payload, Class<R> type,
      Duration timeout) {
    return request(to, payload, timeout).map(reply -> Envelopes.unpack(reply, type));
  }

  /** Sends a request to the process {@code to} within the current flow's correlation. */
  public Future<Envelope> request(Endpoint to, Message payload, Duration timeout) {
    Envelope.Builder envelope = Envelopes.request(payload).setSource(self).setDestination(to);
    return request(Addresses.of(to.getNodeId(), to.getRole()), envelope, timeout);
  }

  /**
   * Sends a request envelope to {@code address}. The envelope takes the current correlation id;
   * outside any flow, this request starts one.
   */
  public Future<Envelope> request(String address, Envelope.Builder envelope, Duration timeout) {
    if (Correlation.current() != null || Vertx.currentContext() == null) {
      return send(address, envelope.setCorrelationId(Correlation.idOrNew()).build(), timeout);
    }
    // The answer is handed back on the caller's context: completed inside the new flow, its
    // callbacks (and every timer they set) would carry this request's correlation id on.
    Context caller = Vertx.currentContext();
    Promise<Envelope> answer = Promise.promise();
    Correlation.runIn(new Correlation.Scope(Envelopes.newId(), Envelopes.payloadType(envelope
        .build())), () -> send(address, envelope.setCorrelationId(Correlation.id()).build(),
            timeout).onComplete(result -> caller.runOnContext(v -> answer.handle(result))));
    return answer.future();
  }

  /** Adds the current hop's span id as the parent of the spans the request will cause. */
  private Envelope withParentSpan(Envelope request) {
    Correlation.Scope scope = Correlation.current();
    if (scope == null || scope.spanId() == null || request.getSpansCount() > 0) {
      return request;
    }
    return request.toBuilder()
        .addSpans(io.snowfox.protocol.v1.Span.newBuilder().setSpanId(scope.spanId()).setAt(self))
        .build();
  }

  /**
   * Gives the request the tenant and partner ids of the flow it is made in, unless it names its
   * own: a user's namespace follows every hop its request causes, as its correlation id does.
   */
  static Envelope withAccess(Envelope request) {
    Correlation.Scope scope = Correlation.current();
    if (scope == null || scope.tenant().isEmpty() || !request.getTenantId().isEmpty()
        || request.getPartnerIdsCount() > 0) {
      return request;
    }
    return request.toBuilder().setTenantId(scope.tenant())
        .addAllPartnerIds(scope.partners()).build();
  }

  private Future<Envelope> send(String address, Envelope unparented, Duration timeout) {
    Envelope request = withAccess(withParentSpan(unparented));
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    long startNanos = System.nanoTime();
    // Nobody listening may be the bus's stale view of the cluster (after a split or a merge):
    // once the registrations are read again and someone listens, the request goes once more.
    return vertx.eventBus().<Envelope>request(address, request, delivery)
        .recover(failure -> noHandlers(failure)
            ? Clusters.refreshAfterNoHandlers(vertx, address).compose(listening -> listening
                ? vertx.eventBus().<Envelope>request(address, request, delivery)
                : Future.failedFuture(failure))
            : Future.failedFuture(failure))
        .recover(failure -> {
          StatusException transport = transportFailure(failure, address, request, timeout);
          metrics.sent(address, Envelopes.payloadType(request), transport.code(),
              System.nanoTime() - startNanos);
          return Future.failedFuture(transport);
        })
        .compose(reply -> {
          Envelope answer = reply.body();
          metrics.sent(address, Envelopes.payloadType(request), answer.getStatus().getCode(),
              System.nanoTime() - startNanos);
          Spans.collect(answer);
          if (Envelopes.isOk(answer)) {
            return Future.succeededFuture(answer);
          }
          return Future.failedFuture(StatusException.of(answer.getStatus(),
              request.getCorrelationId()));
        });
  }

  private static boolean noHandlers(Throwable failure) {
    return failure instanceof io.vertx.core.eventbus.ReplyException reply
        && reply.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS;
  }

  /**
   * Sends a request answered by many responses and a final status (GRR) and collects the
   * responses' payloads as {@code type}. Each response is acknowledged before the next comes.
   */
  public <R extends Message> Future<List<R>> askEach(Endpoint to, Message payload, Class<R> type,
      Duration timeout) {
    Envelope request = Envelopes.request(payload).setSource(self).setDestination(to)
        .setCorrelationId(Correlation.idOrNew()).build();
    String address = Addresses.of(to.getNodeId(), to.getRole());
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeout.toMillis());
    List<R> collected = new ArrayList<>();
    return vertx.eventBus().<Envelope>request(address, request, delivery)
        .recover(failure -> Future.failedFuture(transportFailure(failure, address, request,
            timeout)))
        .compose(first -> collect(first, request, type, collected, delivery));
  }

  private <R extends Message> Future<List<R>> collect(
      io.vertx.core.eventbus.Message<Envelope> message, Envelope request, Class<R> type,
      List<R> collected, DeliveryOptions delivery) {
    Envelope answer = message.body();
    if (answer.getKind() != MessageKind.MESSAGE_KIND_RESPONSE) {
      return Envelopes.isOk(answer) ? Future.succeededFuture(collected)
          : Future.failedFuture(StatusException.of(answer.getStatus(),
              request.getCorrelationId()));
    }
    collected.add(Envelopes.unpack(answer, type));
    Envelope ack = Envelopes.request(Ack.getDefaultInstance()).setSource(self)
        .setCorrelationId(request.getCorrelationId()).build();
    return message.<Envelope>replyAndRequest(ack, delivery)
        .recover(failure -> Future.failedFuture(transportFailure(failure, "stream", request,
            Duration.ofMillis(delivery.getSendTimeout()))))
        .compose(next -> collect(next, request, type, collected, delivery));
  }

  /** Publishes a one-way event to everyone listening on {@code address}. */
  public void publish(String address, Message payload) {
    Envelope event = Envelopes.event(payload)
        .setSource(self)
        .setCorrelationId(Correlation.id() == null ? "" : Correlation.id())
        .build();
    vertx.eventBus().publish(address, event);
  }

  static StatusException transportFailure(Throwable failure, String address, Envelope request,
      Duration timeout) {
    String what = Envelopes.payloadType(request) + " to " + address;
    String cid = request.getCorrelationId();
    if (failure instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case NO_HANDLERS:
          return new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
              "nobody is listening for " + what, "", cid, failure);
        case TIMEOUT:
          return new StatusException(StatusCode.STATUS_CODE_TIMEOUT,
              "no answer to " + what + " within " + timeout.toMillis() + " ms", "", cid, failure);
        default:
          return new StatusException(StatusCode.STATUS_CODE_INTERNAL,
              "failure answering " + what, String.valueOf(reply.getMessage()), cid, failure);
      }
    }
    return new StatusException(StatusCode.STATUS_CODE_INTERNAL, "could not send " + what,
        String.valueOf(failure.getMessage()), cid, failure);
  }

  /** "spawner@node-1" for log lines. */
  public static String describe(Endpoint endpoint) {
    return Roles.name(endpoint.getRole()) + "@" + endpoint.getNodeId();
  }
}
