package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two nodes in one cluster: a healthy one serving the API, and one whose spawner cannot start.
 * Node status is gathered from both; a crash-looping child turns its node RED; a node whose
 * daemon is killed takes its children down and shows as unreachable.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static TestNode healthy;
  private static TestNode broken;

  @BeforeAll
  static void startNodes() throws Exception {
    healthy = TestNode.start("alpha", List.of());
    healthy.awaitGreen();
    broken = TestNode.start("beta", List.of("--seed", healthy.seed(), "--no-api",
        "--jvm-opt", "spawner=-XX:+NoSuchOptionForTests", "--restart-backoff", "100ms"));
  }

  @AfterAll
  static void stopNodes() throws Exception {
    try {
      broken.close();
    } finally {
      healthy.close();
    }
  }

  @Test
  @Order(1)
  void childThatCrashesAtStartTurnsItsNodeRedWithTheReason() {
    JsonObject info = broken.awaitStatus(healthy.apiUrl(), "RED");

    assertThat(info.getString("reason"))
        .contains("spawner is crash-looping")
        .contains("Unrecognized VM option 'NoSuchOptionForTests'");
    JsonObject spawner = TestNode.subsystem(info, "spawner");
    assertThat(spawner.getString("status")).isEqualTo("RED");
    assertThat(spawner.getInteger("restarts")).isGreaterThanOrEqualTo(5);
  }

  @Test
  @Order(2)
  void nodeListAggregatesEveryDaemon() throws Exception {
    eventually(Duration.ofSeconds(60), () -> {
      Cli.Result result = Cli.run("node", "info", "--json", "--api", healthy.apiUrl());
      assertThat(result.exitCode()).isZero();
      JsonObject body = new JsonObject(result.out());
      assertThat(body.getBoolean("partial")).isFalse();
      JsonArray nodes = body.getJsonArray("nodes");
      assertThat(nodes.size()).isEqualTo(2);
      assertThat(nodes.getJsonObject(0).getString("node_id")).isEqualTo("alpha");
      assertThat(nodes.getJsonObject(0).getString("status")).isEqualTo("GREEN");
      assertThat(nodes.getJsonObject(1).getString("node_id")).isEqualTo("beta");
      assertThat(nodes.getJsonObject(1).getString("status")).isEqualTo("RED");
      broken.remember(nodes.getJsonObject(1));
    });
  }

  @Test
  @Order(3)
  void sigkillOfADaemonTakesItsChildrenDownAndTheNodeShowsUnreachable() throws Exception {
    JsonObject info = broken.info(healthy.apiUrl()).getJsonObject("node");
    long manager = TestNode.subsystem(info, "manager").getLong("pid");
    assertThat(ProcessHandle.of(manager)).isPresent();

    TestNode.kill(broken.daemonPid(), true);

    eventually(Duration.ofSeconds(20), () -> assertThat(broken.livePids()).isEmpty());
    eventually(Duration.ofSeconds(30), () -> {
      Cli.Result result = Cli.run("node", "info", "--json", "--api", healthy.apiUrl());
      JsonObject body = new JsonObject(result.out());
      assertThat(body.getBoolean("partial")).isTrue();
      JsonObject beta = body.getJsonArray("nodes").getJsonObject(1);
      assertThat(beta.getString("node_id")).isEqualTo("beta");
      assertThat(beta.getBoolean("reachable")).isFalse();
      assertThat(beta.getString("status")).isEqualTo("UNREACHABLE");
    });
    assertThat(healthy.awaitGreen().getString("status")).isEqualTo("GREEN");
  }
}
