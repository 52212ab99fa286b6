package io.snowfox.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.HealthRequest;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class CorrelationTurboFilterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Endpoint DAEMON =
      Endpoint.newBuilder().setNodeId("node-1").setRole(Role.ROLE_DAEMON).build();

  /** Keeps each event with the MDC of the thread that logged it (read lazily otherwise). */
  private static final class CapturingAppender extends ListAppender<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      super.append(event);
    }
  }

  private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Logger log = logging.getLogger("io.snowfox.test.correlation");
  private final CapturingAppender captured = new CapturingAppender();
  private final CorrelationTurboFilter filter = new CorrelationTurboFilter();

  private Vertx vertx;
  private Bus bus;

  @BeforeEach
  void setUp() {
    filter.start();
    logging.addTurboFilter(filter);
    captured.start();
    log.addAppender(captured);
    log.setLevel(Level.INFO);
    log.setAdditive(false);

    Correlation.init();
    // One event loop: every context below runs on the same thread, so a stale MDC would show.
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    bus = new Bus(vertx, DAEMON);
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
    logging.getTurboFilterList().remove(filter);
    filter.stop();
    log.detachAppender(captured);
    log.setLevel(null);
    log.setAdditive(true);
    MDC.clear();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private ILoggingEvent only(String message) {
    return captured.list.stream()
        .filter(e -> e.getFormattedMessage().equals(message))
        .findFirst()
        .orElseThrow(() -> new AssertionError("not logged: " + message));
  }

  /** A daemon that logs while handling HealthRequest, then again from a timer. */
  private void listenLogging() throws Exception {
    await(bus.routes(Addresses.daemon("node-1"))
        .on(HealthRequest.class, (request, envelope) -> {
          log.info("handling");
          Promise<Ack> later = Promise.promise();
          vertx.setTimer(10, id -> {
            log.info("later");
            later.complete(Ack.getDefaultInstance());
          });
          return later.future();
        })
        .listen());
  }

  private String askInFlow(String correlationId) throws Exception {
    Promise<Ack> answer = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> Correlation.runIn(
        new Correlation.Scope(correlationId, "test"),
        () -> bus.ask(DAEMON, HealthRequest.getDefaultInstance(), Ack.class, TIMEOUT)
            .onComplete(answer)));
    await(answer.future());
    return correlationId;
  }

  @Test
  void linesLoggedWhileHandlingARequestCarryItsCorrelation() throws Exception {
    listenLogging();

    askInFlow("flow-log-1");

    assertThat(only("handling").getMDCPropertyMap())
        .containsEntry(CorrelationTurboFilter.CORRELATION_ID, "flow-log-1")
        .containsEntry(CorrelationTurboFilter.KIND, "HealthRequest");
    assertThat(only("later").getMDCPropertyMap())
        .containsEntry(CorrelationTurboFilter.CORRELATION_ID, "flow-log-1")
        .containsEntry(CorrelationTurboFilter.KIND, "HealthRequest");
  }

  @Test
  void eachRequestLogsItsOwnCorrelation() throws Exception {
    listenLogging();

    askInFlow("flow-a");
    captured.list.clear();
    askInFlow("flow-b");

    assertThat(only("handling").getMDCPropertyMap())
        .containsEntry(CorrelationTurboFilter.CORRELATION_ID, "flow-b");
  }

  @Test
  void linesLoggedOnAnEventLoopOutsideAnyFlowCarryNoStaleCorrelation() throws Exception {
    listenLogging();
    askInFlow("flow-stale");
    Promise<Void> logged = Promise.promise();

    vertx.getOrCreateContext().runOnContext(v -> {
      log.info("no flow");
      logged.complete();
    });
    await(logged.future());

    assertThat(only("no flow").getMDCPropertyMap())
        .doesNotContainKeys(CorrelationTurboFilter.CORRELATION_ID, CorrelationTurboFilter.KIND);
  }

  @Test
  void outsideVertxTheMdcIsLeftAsTheThreadSetIt() {
    MDC.put(CorrelationTurboFilter.CORRELATION_ID, "set-by-the-thread");

    log.info("plain thread");

    assertThat(only("plain thread").getMDCPropertyMap())
        .isEqualTo(Map.of(CorrelationTurboFilter.CORRELATION_ID, "set-by-the-thread"));
    assertThat(MDC.get(CorrelationTurboFilter.CORRELATION_ID)).isEqualTo("set-by-the-thread");
  }

  @Test
  void outsideVertxNothingIsAddedToTheMdc() {
    log.info("plain thread, empty MDC");

    assertThat(only("plain thread, empty MDC").getMDCPropertyMap()).isEmpty();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
