package io.snowfox.runtime.role;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.MetricsResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every role answers MetricsRequest, and only to an API server, which gathers them. */
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
  @CsvSource({
      "n1, ROLE_API,     true",
      "n2, ROLE_API,     true",
      "n1, ROLE_DAEMON,  false",
      "n1, ROLE_MANAGER, false",
      "n2, ROLE_SPAWNER, false",
      "'', ROLE_UNSPECIFIED, false",
  })
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

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
