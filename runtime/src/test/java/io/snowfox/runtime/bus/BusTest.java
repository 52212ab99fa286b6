package io.snowfox.runtime.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.HealthRequest;
import io.snowfox.protocol.v1.HealthResponse;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.Span;
import io.snowfox.protocol.v1.StatusCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final Endpoint CLIENT = endpoint("node-1", Role.ROLE_CLIENT);
  private static final Endpoint DAEMON = endpoint("node-1", Role.ROLE_DAEMON);
  private static final Endpoint SPAWNER = endpoint("node-1", Role.ROLE_SPAWNER);
  private static final String DAEMON_ADDRESS = Addresses.daemon("node-1");

  private Vertx vertx;
  private Bus client;
  private Bus daemon;

  @BeforeEach
  void startVertx() {
    Correlation.init();
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    client = new Bus(vertx, CLIENT);
    daemon = new Bus(vertx, DAEMON);
  }

  @AfterEach
  void closeVertx() throws Exception {
    await(vertx.close());
  }

  private static Endpoint endpoint(String node, Role role) {
    return Endpoint.newBuilder().setNodeId(node).setRole(role).build();
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The StatusException a failed future holds. */
  static StatusException failure(Future<?> future) {
    Throwable thrown = catchThrowable(() -> await(future));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    assertThat(thrown.getCause()).isInstanceOf(StatusException.class);
    return (StatusException) thrown.getCause();
  }

  /** Runs {@code action} on an event loop, inside a flow whose correlation id is {@code id}. */
  private <T> Future<T> inFlow(String id, Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> Correlation.runIn(
        new Correlation.Scope(id, "test"), () -> action.get().onComplete(result)));
    return result.future();
  }

  /** A daemon that answers HealthRequest with an Ack naming the correlation id it sees. */
  private void listenEchoingCorrelation() throws Exception {
    await(daemon.routes(DAEMON_ADDRESS)
        .on(HealthRequest.class, (request, envelope) -> Future.succeededFuture(seen(envelope)))
        .listen());
  }

  /** "what Correlation.id() says | what the envelope says". */
  private static Ack seen(Envelope envelope) {
    return Ack.newBuilder().setNote(Correlation.id() + "|" + envelope.getCorrelationId()).build();
  }

  private Future<Ack> askHealth(Bus from, Endpoint to, Duration timeout) {
    return from.ask(to, HealthRequest.getDefaultInstance(), Ack.class, timeout);
  }

  @Test
  void requestIsAnsweredWithThePayloadAndASpanOfTheHop() throws Exception {
    HealthResponse health = HealthResponse.newBuilder()
        .setRole(Role.ROLE_DAEMON).setPid(42).setReady(true).build();
    await(daemon.routes(DAEMON_ADDRESS)
        .on(HealthRequest.class, (request, envelope) -> Future.succeededFuture(health))
        .listen());

    Envelope reply = await(client.request(DAEMON, HealthRequest.getDefaultInstance(), TIMEOUT));

    assertThat(reply.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_OK);
    assertThat(Envelopes.unpack(reply, HealthResponse.class)).isEqualTo(health);
    assertThat(reply.getSource()).isEqualTo(DAEMON);
    assertThat(reply.getDestination()).isEqualTo(CLIENT);
    assertThat(reply.getSpansList()).singleElement().satisfies(span -> {
      assertThat(span.getName()).isEqualTo("daemon@node-1 HealthRequest");
      assertThat(span.getAt()).isEqualTo(DAEMON);
      assertThat(span.getStatus()).isEqualTo(StatusCode.STATUS_CODE_OK);
      assertThat(span.getParentSpanId()).isEmpty();
      assertThat(span.getSpanId()).isNotEmpty();
      assertThat(span.getDurationMicros()).isNotNegative();
    });
  }

  @Test
  void askReturnsTheAnswersPayload() throws Exception {
    await(daemon.routes(DAEMON_ADDRESS)
        .on(HealthRequest.class, (request, envelope) ->
            Future.succeededFuture(HealthResponse.newBuilder().setReady(true).build()))
        .listen());

    HealthResponse health = await(client.ask(DAEMON, HealthRequest.getDefaultInstance(),
        HealthResponse.class, TIMEOUT));

    assertThat(health.getReady()).isTrue();
  }

  @Test
  void answerOfAnotherTypeThanAskedForIsUnsupported() throws Exception {
    listenEchoingCorrelation();

    StatusException failure = failure(client.ask(DAEMON, HealthRequest.getDefaultInstance(),
        HealthResponse.class, TIMEOUT));

    assertThat(failure.code()).isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
    assertThat(failure.getMessage()).isEqualTo("expected a HealthResponse payload, got 'Ack'");
  }

  @Test
  void spanOfTheHopNamesTheCallersSpanAsParent() throws Exception {
    listenEchoingCorrelation();
    Envelope.Builder request = Envelopes.request(HealthRequest.getDefaultInstance())
        .setSource(CLIENT)
        .addSpans(Span.newBuilder().setSpanId("caller-span"));

    Envelope reply = await(client.request(DAEMON_ADDRESS, request, TIMEOUT));

    assertThat(reply.getSpansList()).extracting(Span::getSpanId)
        .hasSize(2).startsWith("caller-span");
    assertThat(reply.getSpans(1).getParentSpanId()).isEqualTo("caller-span");
  }

  @Test
  void payloadTypeNotRoutedIsUnsupportedAndTheNextRequestIsServed() throws Exception {
    listenEchoingCorrelation();

    StatusException failure =
        failure(client.request(DAEMON, NodeInfoRequest.getDefaultInstance(), TIMEOUT));

    assertThat(failure.code()).isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
    assertThat(failure.getMessage())
        .isEqualTo("unsupported message type 'NodeInfoRequest' on " + DAEMON_ADDRESS);
    assertThat(failure.correlationId()).isNotEmpty();
    assertThat(await(askHealth(client, DAEMON, TIMEOUT)).getNote()).isNotEmpty();
  }

  @Test
  void bodyThatIsNotAnEnvelopeIsAnsweredWithABadRequest() throws Exception {
    listenEchoingCorrelation();

    Message<Object> reply = await(vertx.eventBus().request(DAEMON_ADDRESS, "hello"));

    assertThat(reply.body()).isInstanceOfSatisfying(Envelope.class, answer -> {
      assertThat(Envelopes.isUndecodable(answer)).isTrue();
      assertThat(answer.getStatus().getCode()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
      assertThat(answer.getStatus().getMessage())
          .isEqualTo("expected a snowfox.v1.Envelope on " + DAEMON_ADDRESS);
    });
    assertThat(await(askHealth(client, DAEMON, TIMEOUT)).getNote()).isNotEmpty();
  }

  @Test
  void undecodableEnvelopeIsAnsweredWithItsOwnStatus() throws Exception {
    listenEchoingCorrelation();
    Envelope undecodable = Envelopes.undecodable(StatusCode.STATUS_CODE_UNSUPPORTED,
        "unsupported envelope wire version 2 (this process speaks 1)");

    Message<Envelope> reply = await(vertx.eventBus().request(DAEMON_ADDRESS, undecodable));

    assertThat(reply.body().getStatus().getCode())
        .isEqualTo(StatusCode.STATUS_CODE_UNSUPPORTED);
    assertThat(reply.body().getStatus().getMessage()).contains("wire version 2");
  }

  /** How a handler fails, and what the requester gets. */
  @ParameterizedTest(name = "handler that {0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      throws a bug                  | STATUS_CODE_INTERNAL  | internal error handling HealthRequest | boom
      fails with a bug              | STATUS_CODE_INTERNAL  | internal error handling HealthRequest | boom
      throws a NOT_FOUND status     | STATUS_CODE_NOT_FOUND | no job 'x'                            | job_id
      fails with a NOT_FOUND status | STATUS_CODE_NOT_FOUND | no job 'x'                            | job_id
      """)
  void handlerFailureReachesTheRequesterAsAStatus(String how, StatusCode code, String message,
      String detail) throws Exception {
    RuntimeException problem = how.contains("NOT_FOUND")
        ? new StatusException(StatusCode.STATUS_CODE_NOT_FOUND, "no job 'x'", "job_id")
        : new IllegalStateException("boom");
    boolean throwing = how.startsWith("throws");
    await(daemon.routes(DAEMON_ADDRESS)
        .on(HealthRequest.class, (request, envelope) -> {
          if (throwing) {
            throw problem;
          }
          return Future.failedFuture(problem);
        })
        .listen());

    StatusException failure = failure(askHealth(client, DAEMON, TIMEOUT));

    assertThat(failure.code()).isEqualTo(code);
    assertThat(failure.getMessage()).isEqualTo(message);
    assertThat(failure.detail()).isEqualTo(detail);
    assertThat(failure.correlationId()).isNotEmpty();
  }

  @Test
  void nobodyListeningIsUnavailable() {
    StatusException failure = failure(askHealth(client, SPAWNER, TIMEOUT));

    assertThat(failure.code()).isEqualTo(StatusCode.STATUS_CODE_UNAVAILABLE);
    assertThat(failure.getMessage())
        .isEqualTo("nobody is listening for HealthRequest to " + Addresses.spawner("node-1"));
  }

  @Test
  void handlerThatNeverAnswersTimesOut() throws Exception {
    await(daemon.routes(DAEMON_ADDRESS)
        .on(HealthRequest.class, (request, envelope) -> Promise.<Ack>promise().future())
        .listen());

    StatusException failure = failure(askHealth(client, DAEMON, Duration.ofMillis(200)));

    assertThat(failure.code()).isEqualTo(StatusCode.STATUS_CODE_TIMEOUT);
    assertThat(failure.getMessage())
        .isEqualTo("no answer to HealthRequest to " + DAEMON_ADDRESS + " within 200 ms");
  }

  @Test
  void handlerSeesTheRequestersCorrelationId() throws Exception {
    listenEchoingCorrelation();

    Ack seen = await(inFlow("flow-1", () -> askHealth(client, DAEMON, TIMEOUT)));

    assertThat(seen.getNote()).isEqualTo("flow-1|flow-1");
  }

  @Test
  void correlationIdFollowsATimerStartedByTheHandler() throws Exception {
    await(daemon.routes(DAEMON_ADDRESS)
        .on(HealthRequest.class, (request, envelope) -> {
          Promise<Ack> later = Promise.promise();
          vertx.setTimer(20, id -> later.complete(seen(envelope)));
          return later.future();
        })
        .listen());

    Ack seen = await(inFlow("flow-timer", () -> askHealth(client, DAEMON, TIMEOUT)));

    assertThat(seen.getNote()).isEqualTo("flow-timer|flow-timer");
  }

  @Test
  void correlationIdFollowsASecondHop() throws Exception {
    Bus spawner = new Bus(vertx, SPAWNER);
    await(spawner.routes(Addresses.spawner("node-1"))
        .on(HealthRequest.class, (request, envelope) -> Future.succeededFuture(seen(envelope)))
        .listen());
    await(daemon.routes(DAEMON_ADDRESS)
        .on(HealthRequest.class, (request, envelope) -> askHealth(daemon, SPAWNER, TIMEOUT)
            .map(second -> Ack.newBuilder()
                .setNote(seen(envelope).getNote() + " then " + second.getNote()
                    + " back in " + Correlation.id())
                .build()))
        .listen());

    Ack seen = await(inFlow("flow-2", () -> askHealth(client, DAEMON, TIMEOUT)));

    assertThat(seen.getNote()).isEqualTo("flow-2|flow-2 then flow-2|flow-2 back in flow-2");
  }

  @Test
  void requestOutsideAnyFlowStartsOneWithAFreshId() throws Exception {
    listenEchoingCorrelation();

    Envelope first = await(client.request(DAEMON, HealthRequest.getDefaultInstance(), TIMEOUT));
    Envelope second = await(client.request(DAEMON, HealthRequest.getDefaultInstance(), TIMEOUT));

    String id = first.getCorrelationId();
    assertThat(Correlation.isValid(id)).isTrue();
    assertThat(Envelopes.unpack(first, Ack.class).getNote()).isEqualTo(id + "|" + id);
    assertThat(second.getCorrelationId()).isNotEqualTo(id);
  }

  @Test
  void requestOnAnEventLoopOutsideAnyFlowStartsOneWithoutLeakingIt() throws Exception {
    listenEchoingCorrelation();
    Promise<String> outcome = Promise.promise();

    vertx.getOrCreateContext().runOnContext(v -> {
      Future<Envelope> reply = client.request(DAEMON, HealthRequest.getDefaultInstance(), TIMEOUT);
      String callerAfterwards = String.valueOf(Correlation.id());
      reply.map(answer -> answer.getCorrelationId() + " / "
              + Envelopes.unpack(answer, Ack.class).getNote() + " / " + callerAfterwards)
          .onComplete(outcome);
    });

    String[] parts = await(outcome.future()).split(" / ");
    String id = parts[0];
    assertThat(Correlation.isValid(id)).isTrue();
    assertThat(parts[1]).as("seen by the handler").isEqualTo(id + "|" + id);
    assertThat(parts[2]).as("the caller's own context").isEqualTo("null");
  }

  @Test
  void periodicRequestsOutsideAnyFlowEachStartTheirOwn() throws Exception {
    listenEchoingCorrelation();
    Promise<String> outcome = Promise.promise();

    // A health probe's shape: each answer's callback sets the timer of the next request.
    vertx.getOrCreateContext().runOnContext(v -> client.request(DAEMON,
            HealthRequest.getDefaultInstance(), TIMEOUT)
        .onComplete(first -> {
          String inCallback = String.valueOf(Correlation.id());
          vertx.setTimer(1, id -> client.request(DAEMON, HealthRequest.getDefaultInstance(),
                  TIMEOUT)
              .map(second -> first.result().getCorrelationId() + " / "
                  + second.getCorrelationId() + " / " + inCallback)
              .onComplete(outcome));
        }));

    String[] parts = await(outcome.future()).split(" / ");
    assertThat(parts[1]).as("the second request's id").isNotEqualTo(parts[0]);
    assertThat(parts[2]).as("the first answer's callback").isEqualTo("null");
  }

  @Test
  void malformedIncomingCorrelationIdIsReplacedBeforeTheHandlerSeesIt() throws Exception {
    listenEchoingCorrelation();
    Envelope request = Envelopes.request(HealthRequest.getDefaultInstance())
        .setCorrelationId("bad id with spaces")
        .build();

    Message<Envelope> reply = await(vertx.eventBus().request(DAEMON_ADDRESS, request));

    String replaced = reply.body().getCorrelationId();
    assertThat(replaced).isNotEqualTo("bad id with spaces");
    assertThat(Correlation.isValid(replaced)).isTrue();
    assertThat(Envelopes.unpack(reply.body(), Ack.class).getNote())
        .isEqualTo(replaced + "|" + replaced);
  }

  @Test
  void outsideAnyFlowThereIsNoCorrelationId() throws Exception {
    assertThat(Correlation.id()).isNull();
    Promise<String> onLoop = Promise.promise();

    vertx.getOrCreateContext().runOnContext(v -> onLoop.complete(String.valueOf(Correlation.id())));

    assertThat(await(onLoop.future())).isEqualTo("null");
  }

  @Test
  void correlationScopeNeedsAnEventLoop() {
    assertThat(catchThrowable(() -> Correlation.runIn(new Correlation.Scope("x", ""), () -> {})))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("not on a Vert.x context");
  }

  @ParameterizedTest(name = "''{0}'' valid: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      abc                                  | true
      0f8fad5b-d9cb-469f-a165-70867728950e | true
      a.b:c_d-e                            | true
      ''                                   | false
      bad id with spaces                   | false
      -leading-dash                        | false
      a/b                                  | false
      """)
  void correlationIdsFromOutsideMustBeWellFormed(String id, boolean valid) {
    assertThat(Correlation.isValid(id)).isEqualTo(valid);
  }

  @Test
  void correlationIdsFromOutsideAreBounded() {
    assertThat(Correlation.isValid("a".repeat(128))).isTrue();
    assertThat(Correlation.isValid("a".repeat(129))).isFalse();
    assertThat(Correlation.isValid(null)).isFalse();
  }
}
