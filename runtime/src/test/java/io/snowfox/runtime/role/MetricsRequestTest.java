package io.snowfox.runtime.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.MetricsResponse;
import io.snowfox.protocol.v1.RecentEventsRequest;
import io.snowfox.protocol.v1.RecentEventsResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Events;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every role answers MetricsRequest and RecentEventsRequest, and only to an API server, which
 * gathers them.
 */
class MetricsRequestTest {

  private Vertx vertx;
  private RoleContext context;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    Endpoint self = Endpoint.newBuilder().setNodeId("n1").setRole(Role.ROLE_SPAWNER).build();
    context = new RoleContext(vertx, null, new Bus(vertx, self), new ClusterOptions(),
        Path.of("."));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest(name = "MetricsRequest from {1} of {0}: answered {2}")
  @MethodSource("askers")
  void onlyApiServersGetAProcesssMetrics(String node, Role role, boolean answered)
      throws Exception {
    context.metrics().registry().counter("snowfox.test.things").increment();
    Envelope request = Envelope.newBuilder()
        .setSource(Endpoint.newBuilder().setNodeId(node).setRole(role))
        .build();

    Future<MetricsResponse> answer = RoleProcess.onMetrics(request, context);

    if (answered) {
      assertThat(await(answer).getText())
          .contains("snowfox_test_things_total{node=\"n1\",role=\"spawner\"} 1.0");
    } else {
      ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> await(answer));
      assertThat(refused.getCause()).isInstanceOf(StatusException.class);
      assertThat(((StatusException) refused.getCause()).code())
          .isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    }
  }

  @ParameterizedTest(name = "RecentEventsRequest from {1} of {0}: answered {2}")
  @MethodSource("askers")
  void onlyApiServersGetAProcesssRecentEvents(String node, Role role, boolean answered)
      throws Exception {
    Events events = new Events(context.bus(), context.recentEvents(), job -> "team-a");
    events.publish("job.state", "j-1", java.util.Map.of("state", "running"));
    events.publish("job.state", "j-2", java.util.Map.of("state", "running"));
    events.publish("instance.started", "j-1", java.util.Map.of("instance", "0"));
    Envelope request = Envelope.newBuilder()
        .setSource(Endpoint.newBuilder().setNodeId(node).setRole(role))
        .build();

    Future<RecentEventsResponse> answer = RoleProcess.onRecentEvents(
        RecentEventsRequest.newBuilder().addTypes("job.state").setJobId("j-1").build(), request,
        context);

    if (answered) {
      assertThat(await(answer).getEventsList()).singleElement().satisfies(event -> {
        assertThat(event.getJobId()).isEqualTo("j-1");
        assertThat(event.getNamespace()).isEqualTo("team-a");
        assertThat(event.getDataMap()).containsEntry("state", "running");
      });
    } else {
      ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
          ExecutionException.class, () -> await(answer));
      assertThat(((StatusException) refused.getCause()).code())
          .isEqualTo(StatusCode.STATUS_CODE_FORBIDDEN);
    }
  }

  /** Who asks (node, role), and whether it is answered: API servers only, of any node. */
  static Stream<Arguments> askers() {
    return Stream.of(
        Arguments.of("n1", Role.ROLE_API, true),
        Arguments.of("n2", Role.ROLE_API, true),
        Arguments.of("n1", Role.ROLE_DAEMON, false),
        Arguments.of("n1", Role.ROLE_MANAGER, false),
        Arguments.of("n2", Role.ROLE_SPAWNER, false),
        Arguments.of("", Role.ROLE_UNSPECIFIED, false));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
