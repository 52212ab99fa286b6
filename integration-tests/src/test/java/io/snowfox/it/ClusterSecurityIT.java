package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.map.IMap;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.ProtocolJson;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.protocol.v1.ProcessStarted;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.Shutdown;
import io.snowfox.protocol.v1.StartProcess;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.security.ApiTokens;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.runtime.security.RecordSigner;
import io.snowfox.runtime.security.TlsDir;
import io.snowfox.runtime.security.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * A stranger in the cluster: this test JVM joins the node's Hazelcast cluster with the right
 * cluster name, as anyone on the network could, but without a certificate of the cluster CA (its
 * event bus is plain, or TLS with a CA of its own) and without the cluster key. Nothing it sends
 * over the bus is executed, and nothing it writes into the cluster's maps is believed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSecurityIT {

  private static final String NODE = "victim";
  private static final Duration STRANGER_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration WAIT = Duration.ofSeconds(90);

  private static TestNode node;
  private static Vertx stranger;
  private static com.hazelcast.core.HazelcastInstance strangerHazelcast;
  private static Path markers;

  @BeforeAll
  static void startNodeAndStranger() throws Exception {
    // Alone: the daemon makes its own CA, certificate and cluster key, as a first start does.
    node = TestNode.startAlone(NODE, List.of());
    node.awaitGreen();
    markers = Files.createDirectories(node.dataDir.resolve("markers"));
    // Jobs run as nobody: the real manager's job must be able to write its marker here (and so
    // could a forged one, which is the point of checking that none does).
    Files.setPosixFilePermissions(markers,
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

    ClusterOptions cluster = new ClusterOptions();
    new CommandLine(cluster).parseArgs("--node-id", NODE, "--cluster-name",
        TestNode.clusterName(), "--cluster-port", Integer.toString(Ports.free()),
        "--seed", node.seed());
    // It says it is a manager of the node, as a member attribute; it has no claim to show.
    Config config = Clusters.hazelcastConfig(cluster, "manager", true);
    HazelcastClusterManager manager = new HazelcastClusterManager(config);
    Correlation.init();
    stranger = Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(new EventBusOptions()
            .setHost(cluster.bindHost()).setClusterPublicHost(cluster.bindHost())))
        .withClusterManager(manager)
        .buildClustered()
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    stranger.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    strangerHazelcast = manager.getHazelcastInstance();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (stranger != null) {
        stranger.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      node.close();
    }
  }

  /** A bus of the stranger that claims to be the node's own daemon. */
  private static Bus posingAsDaemon() {
    return new Bus(stranger, Endpoint.newBuilder().setNodeId(NODE).setRole(Role.ROLE_DAEMON)
        .build());
  }

  private static <T> Throwable failureOf(Future<T> future) throws Exception {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      return null;
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  @Order(1)
  void strangerIsAHazelcastMemberButCannotGetAProcessStarted() throws Exception {
    assertThat(strangerHazelcast.getCluster().getMembers()).hasSizeGreaterThan(1);

    assertStartGoesNowhere(stranger, markers.resolve("started-by-stranger"));
  }

  @Test
  @Order(2)
  void memberWithACertificateOfAnotherCaCannotGetAProcessStartedEither() throws Exception {
    // TLS on its bus, with a CA of its own: the node's bus trusts only the cluster's CA.
    TlsDir ownCa = TlsMaterial.createCluster(new TlsDir(node.dataDir.resolve("other-ca")),
        NODE, List.of("127.0.0.1"));
    ClusterOptions cluster = new ClusterOptions();
    new CommandLine(cluster).parseArgs("--node-id", NODE, "--cluster-name",
        TestNode.clusterName(), "--cluster-port", Integer.toString(Ports.free()),
        "--seed", node.seed());
    Clusters.Member other = Clusters.join(cluster, ownCa, "daemon", true)
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      assertStartGoesNowhere(other.vertx(), markers.resolve("started-by-another-ca"));
    } finally {
      other.vertx().close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A StartProcess sent from {@code member}, posing as the node's daemon, to the node's spawner
   * finds the spawner's consumer (no NO_HANDLERS): it is sent, the spawner's bus refuses the
   * connection at the TLS handshake, and no answer ever comes; the process is not started.
   */
  private static void assertStartGoesNowhere(Vertx member, Path marker) throws Exception {
    Bus posingAsDaemon = new Bus(member, Endpoint.newBuilder().setNodeId(NODE)
        .setRole(Role.ROLE_DAEMON).build());

    Throwable failure = failureOf(posingAsDaemon.ask(
        Endpoint.newBuilder().setNodeId(NODE).setRole(Role.ROLE_SPAWNER).build(),
        startTouching(marker), ProcessStarted.class, STRANGER_TIMEOUT));

    assertThat(failure).as("StartProcess from a member without the cluster CA's certificate")
        .isInstanceOf(StatusException.class);
    assertThat(((StatusException) failure).code()).as("failure %s", failure)
        .isEqualTo(StatusCode.STATUS_CODE_TIMEOUT);
    Thread.sleep(2_000);
    assertThat(marker).doesNotExist();
  }

  @Test
  @Order(3)
  void strangerCannotStopTheNodesProcesses() throws Exception {
    Throwable failure = failureOf(posingAsDaemon().ask(
        Endpoint.newBuilder().setNodeId(NODE).setRole(Role.ROLE_MANAGER).build(),
        Shutdown.newBuilder().setReason("stranger").build(), io.snowfox.protocol.v1.Ack.class,
        STRANGER_TIMEOUT));

    assertThat(failure).isNotNull();
    assertThat(node.awaitGreen().getString("status")).isEqualTo("GREEN");
  }

  @Test
  @Order(4)
  void forgedJobsAreNotLoadedAndTheStrangerCannotTakeTheLead() throws Exception {
    IMap<String, String> jobs = strangerHazelcast.getMap(Addresses.JOBS_MAP);
    jobs.put("forged-unsigned", ProtocolJson.print(forgedJob("forged-unsigned")));
    String json = ProtocolJson.print(forgedJob("forged-badsig"));
    // Signed, but with a key that is not the cluster's.
    jobs.put("forged-badsig", new RecordSigner(new byte[32])
        .sign(Addresses.JOBS_MAP, "forged-badsig", json));
    // A claim to lead for the stranger, signed with the wrong key, and one that is not signed.
    IMap<String, String> claims = strangerHazelcast.getMap(Addresses.MANAGER_CLAIMS_MAP);
    String self = strangerHazelcast.getCluster().getLocalMember().getUuid().toString();
    claims.put(self, new RecordSigner(new byte[32]).sign(Addresses.MANAGER_CLAIMS_MAP, self,
        NODE));

    // The stranger joined after the node's manager; restarted, the manager is the younger one,
    // and loads the job map again.
    long managerPid = TestNode.subsystem(node.info().getJsonObject("node"), "manager")
        .getLong("pid");
    TestNode.kill(managerPid, true);
    eventually(WAIT, () -> {
      long pid = TestNode.subsystem(node.info().getJsonObject("node"), "manager").getLong("pid");
      assertThat(pid).isNotEqualTo(managerPid);
    });
    node.awaitGreen();

    // The restarted manager leads: a job submitted now runs.
    Path ran = markers.resolve("ran-by-the-real-manager");
    JsonObject spec = new JsonObject().put("name", "real").put("command", "/bin/touch")
        .put("args", new io.vertx.core.json.JsonArray().add(ran.toString()));
    eventually(WAIT, () -> {
      Http.Answer answer = Http.post(node.apiUrl() + "/v1/jobs", "application/json",
          spec.encode());
      assertThat(answer.status()).as("submit answer %s", answer.body()).isEqualTo(201);
    });
    eventually(WAIT, () -> assertThat(ran).exists());

    Http.Answer listed = Http.get(node.apiUrl() + "/v1/jobs");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).doesNotContain("forged-unsigned").doesNotContain("forged-badsig");
    assertThat(markers.resolve("forged")).doesNotExist();
    assertThat(String.join("\n", node.logLines("manager")))
        .contains("refused entry 'forged-unsigned'")
        .contains("refused entry 'forged-badsig'");
  }

  @Test
  @Order(5)
  void aTokenWrittenIntoTheMapByTheStrangerIsNotAccepted() throws Exception {
    ApiTokens.Issued forged = ApiTokens.issue(Namespaces.ALL,
        io.snowfox.protocol.v1.TokenRole.TOKEN_ROLE_MANAGEMENT, "forged", 1);
    String record = java.util.Base64.getEncoder().encodeToString(forged.record().toByteArray());
    IMap<String, String> tokens = strangerHazelcast.getMap(Addresses.TOKENS_MAP);
    tokens.put(forged.record().getId(), record);
    ApiTokens.Issued badlySigned = ApiTokens.issue(Namespaces.ALL,
        io.snowfox.protocol.v1.TokenRole.TOKEN_ROLE_MANAGEMENT, "forged", 1);
    tokens.put(badlySigned.record().getId(), new RecordSigner(new byte[32]).sign(
        Addresses.TOKENS_MAP, badlySigned.record().getId(), java.util.Base64.getEncoder()
            .encodeToString(badlySigned.record().toByteArray())));

    for (ApiTokens.Issued token : java.util.List.of(forged, badlySigned)) {
      Http.Answer answer = Http.raw(Http.as(token.token(), java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(node.apiUrl() + "/v1/jobs"))).GET());
      assertThat(answer.status()).as(answer.body()).isEqualTo(401);
    }
    eventually(WAIT, () -> assertThat(String.join("\n", node.logLines("api")))
        .contains("refused entry '" + forged.record().getId() + "'")
        .contains("refused entry '" + badlySigned.record().getId() + "'"));
  }

  /** A start of a process that would create {@code marker}. */
  private static StartProcess startTouching(Path marker) {
    return StartProcess.newBuilder()
        .setInstanceId("stranger-" + UUID.randomUUID())
        .setJobId("stranger")
        .setCommand("/bin/touch")
        .addArgs(marker.toString())
        .build();
  }

  /** A job that would run {@code /bin/touch <markers>/forged} if a manager believed it. */
  private static Job forgedJob(String id) {
    return Job.newBuilder()
        .setId(id)
        .setSpec(JobSpec.newBuilder().setName(id).setCommand("/bin/touch")
            .addArgs(markers.resolve("forged").toString()).setInstances(1))
        .setState(JobState.JOB_STATE_PENDING)
        .setVersion(1_000)
        .setSubmittedAtMicros(System.currentTimeMillis() * 1000)
        .build();
  }
}
