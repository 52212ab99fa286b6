package io.snowfox.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterOptionsTest {

  private static ClusterOptions parse(String... args) {
    return ClusterOptions.parse(args);
  }

  @Test
  void defaultsKeepANodeAloneOnLoopback() {
    ClusterOptions options = parse("--node-id", "n1");

    options.validate();
    assertThat(options.clusterName()).isEqualTo("snowfox");
    assertThat(options.bindHost()).isEqualTo("127.0.0.1");
    assertThat(options.clusterPort()).isEqualTo(5701);
    assertThat(options.busPort()).isZero();
    assertThat(options.seeds()).isEmpty();
    assertThat(options.heartbeatSeconds()).isEqualTo(1);
    assertThat(options.failureTimeoutSeconds()).isEqualTo(5);
    assertThat(options.selfSeed()).isEqualTo("127.0.0.1:5701");
  }

  @Test
  void nodeIdDefaultsToAUsableName() {
    ClusterOptions options = parse();

    assertThat(options.nodeId()).matches("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  }

  @Test
  void seedsAreRepeatableAndCommaSeparated() {
    ClusterOptions options = parse("--seed", "a:1,b:2", "--seed", "c:3");

    assertThat(options.seeds()).containsExactly("a:1", "b:2", "c:3");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --cluster-port=0                                   | --cluster-port must be a port number, got 0
      --cluster-port=65536                               | --cluster-port must be a port number, got 65536
      --bus-port=-1                                      | --bus-port must be a port number (0 for any free port), got -1
      --bus-port=65536                                   | --bus-port must be a port number (0 for any free port), got 65536
      --heartbeat-seconds=0                              | --heartbeat-seconds must be at least 1
      --failure-timeout-seconds=1                        | --failure-timeout-seconds must be greater than --heartbeat-seconds
      --heartbeat-seconds=5 --failure-timeout-seconds=5  | --failure-timeout-seconds must be greater than --heartbeat-seconds
      --heartbeat-seconds=6 --failure-timeout-seconds=5  | --failure-timeout-seconds must be greater than --heartbeat-seconds
      --seed=b:0                                         | invalid --seed 'b:0': port must be 1-65535
      --seed=a:1 --seed=:5701                            | invalid --seed ':5701': expected HOST:PORT
      --node-id=a.b                                      | invalid node id 'a.b': use 1-63 letters, digits, '-' or '_', starting with a letter or digit
      """)
  void validateRejectsNamingTheOption(String args, String message) {
    String withNode = args.contains("--node-id") ? args : "--node-id=n1 " + args;
    ClusterOptions options = parse(withNode.split(" "));

    assertThatThrownBy(options::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void validateRejectsAnEmptyClusterName() {
    ClusterOptions options = parse("--node-id", "n1", "--cluster-name", " ");

    assertThatThrownBy(options::validate)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--cluster-name must not be empty");
  }

  @Test
  void validateAcceptsTheEdgesOfTheRanges() {
    parse("--node-id", "n1", "--cluster-port", "1", "--bus-port", "65535").validate();
    parse("--node-id", "n1", "--cluster-port", "65535", "--bus-port", "0",
        "--heartbeat-seconds", "2", "--failure-timeout-seconds", "3").validate();
  }

  @Test
  void childArgsJoinTheSameClusterOnTheChildsPort() {
    ClusterOptions options = parse("--node-id", "n1", "--cluster-name", "blue",
        "--cluster-port", "5801", "--bus-port", "6000", "--heartbeat-seconds", "2",
        "--failure-timeout-seconds", "7", "--seed", "10.0.0.9:5701");

    List<String> args = options.toChildArgs(40123, List.of("127.0.0.1:5801", "10.0.0.9:5701"));

    assertThat(args).containsExactly(
        "--node-id", "n1",
        "--cluster-name", "blue",
        "--bind", "127.0.0.1",
        "--cluster-port", "40123",
        "--bus-port", "0",
        "--heartbeat-seconds", "2",
        "--failure-timeout-seconds", "7",
        "--seed", "127.0.0.1:5801",
        "--seed", "10.0.0.9:5701");
  }

  @Test
  void childArgsParseBackIntoTheSameCluster() {
    ClusterOptions parent = parse("--node-id", "n1", "--cluster-name", "blue",
        "--cluster-port", "5801");

    ClusterOptions child = parse(parent.toChildArgs(40123, List.of(parent.selfSeed()))
        .toArray(String[]::new));

    child.validate();
    assertThat(child.nodeId()).isEqualTo("n1");
    assertThat(child.clusterName()).isEqualTo("blue");
    assertThat(child.clusterPort()).isEqualTo(40123);
    assertThat(child.seeds()).containsExactly("127.0.0.1:5801");
  }

  @Test
  void hazelcastConfigJoinsOnlyOverTcpOnLoopback() {
    ClusterOptions options = parse("--node-id", "n1", "--cluster-name", "blue",
        "--cluster-port", "5801", "--seed", "10.0.0.9:5702", "--seed", "node-b",
        "--heartbeat-seconds", "2", "--failure-timeout-seconds", "7");

    Config config = Clusters.hazelcastConfig(options, "spawner", true);

    assertThat(config.getClusterName()).isEqualTo("blue");
    assertThat(config.isLiteMember()).isTrue();
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig();
    assertThat(network.isEnabled()).isTrue();
    assertThat(network.getEndpointConfigs()).as("members only: no client, REST or memcache port")
        .containsOnlyKeys(EndpointQualifier.MEMBER);
    ServerSocketEndpointConfig member =
        (ServerSocketEndpointConfig) network.getEndpointConfigs().get(EndpointQualifier.MEMBER);
    assertThat(member.getPort()).isEqualTo(5801);
    assertThat(member.isPortAutoIncrement()).isFalse();
    assertThat(member.getInterfaces().isEnabled()).isTrue();
    assertThat(member.getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    JoinConfig join = network.getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:5801", "10.0.0.9:5702", "node-b:5701");
    assertThat(config.getMemberAttributeConfig().getAttributes())
        .containsEntry(Clusters.NODE_ATTRIBUTE, "n1")
        .containsEntry(Clusters.ROLE_ATTRIBUTE, "spawner");
    assertThat(config.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("2");
    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("7");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).isEqualTo("false");
  }

  @Test
  void hazelcastConfigOfTheDaemonHoldsData() {
    Config config = Clusters.hazelcastConfig(parse("--node-id", "n1"), "daemon", false);

    assertThat(config.isLiteMember()).isFalse();
    assertThat(config.getMemberAttributeConfig().getAttributes())
        .containsEntry(Clusters.ROLE_ATTRIBUTE, "daemon");
    assertThat(config.getAdvancedNetworkConfig().getJoin().getTcpIpConfig().getMembers())
        .containsExactly("127.0.0.1:5701");
  }

  @Test
  void hazelcastConfigKeepsTheMapsVertxNeeds() {
    Config config = Clusters.hazelcastConfig(parse("--node-id", "n1"), "daemon", false);

    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
    assertThat(config.getMapConfigs()).containsKeys("__vertx.haInfo", "__vertx.nodeInfo");
  }

  @Test
  void hazelcastConfigDeclaresWhatVertxWouldHaveLoadedFromItsXml() {
    Config fromXml = io.vertx.spi.cluster.hazelcast.ConfigUtil.loadConfig();
    Config config = Clusters.hazelcastConfig(parse("--node-id", "n1"), "daemon", false);

    fromXml.getMultiMapConfigs().forEach((name, expected) -> {
      assertThat(config.getMultiMapConfigs()).as("multimap " + name).containsKey(name);
      assertThat(config.getMultiMapConfig(name).getBackupCount())
          .isEqualTo(expected.getBackupCount());
      assertThat(config.getMultiMapConfig(name).getValueCollectionType())
          .isEqualTo(expected.getValueCollectionType());
    });
    fromXml.getMapConfigs().forEach((name, expected) -> {
      assertThat(config.getMapConfigs()).as("map " + name).containsKey(name);
      assertThat(config.getMapConfig(name).getBackupCount()).isEqualTo(expected.getBackupCount());
    });
  }

  @Test
  void aLiteMemberRunsOneThreadOfEachKindAndNoDiagnostics() {
    Config lite = Clusters.hazelcastConfig(parse("--node-id", "n1"), "api", true);
    Config data = Clusters.hazelcastConfig(parse("--node-id", "n1"), "daemon", false);

    for (String property : List.of("hazelcast.io.thread.count", "hazelcast.event.thread.count",
        "hazelcast.operation.generic.thread.count", "hazelcast.operation.thread.count")) {
      assertThat(lite.getProperty(property)).as(property).isEqualTo("1");
    }
    for (Config member : List.of(lite, data)) {
      assertThat(member.getProperty("hazelcast.operation.response.thread.count"))
          .as("responses are completed by the I/O thread that reads them").isEqualTo("0");
    }
    assertThat(data.getProperty("hazelcast.operation.thread.count"))
        .as("the data member keeps a partition thread per core").isNull();
    assertThat(lite.getProperty("hazelcast.slow.operation.detector.enabled")).isEqualTo("false");
    assertThat(lite.getProperty("hazelcast.health.monitoring.level")).isEqualTo("OFF");
    assertThat(lite.getMetricsConfig().isEnabled()).isFalse();
  }

  @Test
  void tlsDirDefaultsToTheDataDirAndCanBeGiven() {
    java.nio.file.Path data = java.nio.file.Path.of("/var/lib/snowfox");

    assertThat(parse("--node-id", "n1").tlsDir(data).path())
        .isEqualTo(data.resolve("tls"));
    assertThat(parse("--node-id", "n1", "--tls-dir", "/etc/snowfox/tls").tlsDir(data).path())
        .isEqualTo(java.nio.file.Path.of("/etc/snowfox/tls"));
  }

  /** The TLS material of a new cluster, under {@code root}. */
  private static io.snowfox.runtime.security.TlsDir newCluster(java.nio.file.Path root) {
    return io.snowfox.runtime.security.TlsMaterial.createCluster(
        new io.snowfox.runtime.security.TlsDir(root.resolve("tls")), "n1", List.of());
  }

  @Test
  void eventBusIsMutualTlsWithTheClusterCaOnly(@TempDir java.nio.file.Path root)
      throws Exception {
    io.snowfox.runtime.security.TlsDir tls = newCluster(root);

    io.vertx.core.eventbus.EventBusOptions bus =
        Clusters.eventBusOptions(parse("--node-id", "n1"), tls);

    assertThat(bus.isSsl()).isTrue();
    assertThat(bus.isTrustAll()).isFalse();
    assertThat(bus.getClientAuth()).isEqualTo(io.vertx.core.http.ClientAuth.REQUIRED);
    assertThat(((io.vertx.core.net.PemTrustOptions) bus.getTrustOptions()).getCertPaths())
        .containsExactly(tls.caCert().toString());
    // As the bus gets them: its options travel as JSON.
    io.vertx.core.net.JksOptions key = new io.vertx.core.eventbus.EventBusOptions(bus.toJson())
        .getKeyCertOptions() instanceof io.vertx.core.net.JksOptions jks ? jks : null;
    assertThat(key).as("the node's key as a JKS store").isNotNull();
    java.security.KeyStore store = java.security.KeyStore.getInstance("JKS");
    store.load(new java.io.ByteArrayInputStream(key.getValue().getBytes()),
        key.getPassword().toCharArray());
    java.security.cert.Certificate presented = store.getCertificate(store.aliases()
        .nextElement());
    assertThat(store.getKey(store.aliases().nextElement(), key.getPassword().toCharArray()))
        .isNotNull();
    try (java.io.InputStream node = java.nio.file.Files.newInputStream(tls.nodeCert())) {
      assertThat(presented).as("the node's own certificate, with its key")
          .isEqualTo(java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(node));
    }
  }

  @Test
  void joiningWithAnUnreadableKeyFailsNamingTheTlsDir(@TempDir java.nio.file.Path root)
      throws Exception {
    io.snowfox.runtime.security.TlsDir tls = newCluster(root);
    java.nio.file.Files.writeString(tls.nodeKey(), "not a key");

    io.vertx.core.Future<Clusters.Member> joined =
        Clusters.join(parse("--node-id", "n1"), tls, "daemon", false);

    assertThat(joined.failed()).isTrue();
    assertThat(joined.cause()).hasMessageContaining(tls.toString());
  }

  @Test
  void joiningWithoutMaterialFailsNamingWhatIsMissing() {
    io.vertx.core.Future<Clusters.Member> joined = Clusters.join(parse("--node-id", "n1"),
        new io.snowfox.runtime.security.TlsDir(java.nio.file.Path.of("/nonexistent/tls")),
        "daemon", false);

    assertThat(joined.failed()).isTrue();
    assertThat(joined.cause()).hasMessageContaining("snowfox tls init");
  }
}
