package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One node, from start to SIGTERM: its processes, its status, its logs. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SingleNodeIT {

  private static TestNode node;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start("solo", List.of("--restart-backoff", "200ms"));
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @Test
  @Order(1)
  void nodeComesUpGreenWithEachRoleInItsOwnProcess() {
    JsonObject info = node.awaitGreen();

    long daemon = TestNode.subsystem(info, "daemon").getLong("pid");
    long spawner = TestNode.subsystem(info, "spawner").getLong("pid");
    long manager = TestNode.subsystem(info, "manager").getLong("pid");
    long api = TestNode.subsystem(info, "api").getLong("pid");
    assertThat(daemon).isEqualTo(node.daemonPid());
    assertThat(List.of(daemon, spawner, manager, api)).doesNotHaveDuplicates()
        .allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
    assertThat(ProcessHandle.of(spawner).orElseThrow().parent().map(ProcessHandle::pid))
        .contains(daemon);
    assertThat(info.getString("reason")).isEmpty();
    assertThat(TestNode.subsystem(info, "cluster").getString("state"))
        .startsWith("4 members on 1 node");
  }

  @Test
  @Order(1)
  void everyProcessOfTheNodeSharesTheClassArchiveTheBuildMade() throws Exception {
    JsonObject info = node.awaitGreen();
    Path archive = Cli.home().resolve("cds/snowfox.jsa").toRealPath();

    Set<String> addresses = new HashSet<>();
    for (String role : List.of("daemon", "spawner", "manager", "api")) {
      long pid = TestNode.subsystem(info, role).getLong("pid");
      List<String> mapped = Files.readAllLines(Path.of("/proc", Long.toString(pid), "maps"))
          .stream().filter(line -> line.endsWith(" " + archive)).toList();
      assertThat(mapped).as("%s maps %s", role, archive).isNotEmpty();
      addresses.add(mapped.get(0).substring(0, mapped.get(0).indexOf('-')));
    }
    // A JVM that relocates the archive maps it elsewhere and copies every page it touches.
    assertThat(addresses).as("all at the address the archive was made for").hasSize(1);
    // -Xshare:on (after the launcher's -Xshare:auto) makes a JVM fail if it cannot map it.
    Cli.Result cli = Cli.runWith(Map.of("SNOWFOX_JAVA_OPTS", "-Xshare:on"), "--version");
    assertThat(cli.exitCode()).as("a client command with the archive required: %s", cli.err())
        .isZero();
  }

  @Test
  @Order(2)
  void nodeInfoPrintsStatusForPeople() throws Exception {
    Cli.Result result = Cli.run("node", "info", "--api", node.apiUrl());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("solo  GREEN")
        .containsPattern("spawner +GREEN +RUNNING +pid \\d+")
        .containsPattern("correlation id: [0-9a-f-]{36}");
  }

  @Test
  @Order(3)
  void correlationIdOfOneNodeInfoIsInTheLogsOfEveryProcessThatHandledIt() throws Exception {
    String correlationId = node.info().getString("correlation_id");
    assertThat(correlationId).isNotBlank();

    eventually(Duration.ofSeconds(10), () -> {
      for (String role : List.of("api", "daemon")) {
        assertThat(node.logLines(role))
            .as("%s.log lines with correlation id %s", role, correlationId)
            .anySatisfy(line -> {
              JsonObject json = new JsonObject(line);
              assertThat(json.getString("correlation_id")).isEqualTo(correlationId);
              assertThat(json.getString("node")).isEqualTo("solo");
              assertThat(json.getString("role")).isEqualTo(role);
            });
      }
    });
    assertThat(node.logLines("daemon")).anySatisfy(line ->
        assertThat(new JsonObject(line).getString("kind")).isEqualTo("NodeInfoRequest"));
  }

  @Test
  @Order(4)
  void killedSpawnerIsReplacedAndNodeTurnsGreenAgain() throws Exception {
    long spawner = TestNode.subsystem(node.awaitGreen(), "spawner").getLong("pid");

    TestNode.kill(spawner, true);

    eventually(Duration.ofSeconds(60), () -> {
      JsonObject info = node.info().getJsonObject("node");
      JsonObject replaced = TestNode.subsystem(info, "spawner");
      assertThat(replaced.getLong("pid")).isPositive().isNotEqualTo(spawner);
      assertThat(replaced.getInteger("restarts")).isEqualTo(1);
      assertThat(info.getString("status")).isEqualTo("GREEN");
    });
    assertThat(ProcessHandle.of(spawner).map(ProcessHandle::isAlive)).isNotEqualTo(
        java.util.Optional.of(true));
  }

  @Test
  @Order(5)
  void clientExitsNonZeroWhenNoApiAnswers() throws Exception {
    Cli.Result result = Cli.run("node", "info", "--api", "http://127.0.0.1:" + Ports.free());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("cannot reach the SnowFox API");
  }

  @Test
  @Order(6)
  void sigtermStopsEveryProcessAndExitsZero() throws Exception {
    node.info();
    List<Long> pids = node.livePids();
    assertThat(pids).hasSize(4);

    TestNode.kill(node.daemonPid(), false);

    assertThat(node.daemonProcess().waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(node.daemonProcess().exitValue()).isZero();
    assertThat(node.livePids()).isEmpty();
  }
}
