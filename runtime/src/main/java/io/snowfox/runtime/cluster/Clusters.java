package io.snowfox.runtime.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.MultiMapConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.config.TcpIpConfig;
import com.hazelcast.core.HazelcastInstance;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.metrics.ProcessMetrics;
import io.snowfox.runtime.security.NodeKey;
import io.snowfox.runtime.security.TlsDir;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.JksOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Joins this process to the SnowFox cluster: Hazelcast on loopback by default, no multicast, and
 * an event bus that speaks mutual TLS only, with certificates of the cluster CA.
 */
public final class Clusters {

  /** Hazelcast member attribute naming the member's node. */
  public static final String NODE_ATTRIBUTE = "snowfox.node";
  /** Hazelcast member attribute naming the member's role. */
  public static final String ROLE_ATTRIBUTE = "snowfox.role";

  /** Event-loop threads per process: nodes run several JVMs on few cores. */
  public static final int EVENT_LOOP_THREADS = 2;
  /** Worker threads per process for blocking work. */
  public static final int WORKER_THREADS = 8;

  /**
   * JVM options every cluster member needs: Hazelcast reaches into JDK internals and, without
   * these, warns and takes slower paths. The launcher script gives the same to the JVMs it
   * starts.
   */
  public static final List<String> JVM_OPTIONS = List.of(
      "--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private Clusters() {}

  /**
   * After a request to {@code address} found nobody listening: reads who listens there again,
   * in case the bus's view was stale (see {@link RefreshingClusterManager}). True when someone
   * does, so that the request is worth sending again; false on a bus that is not clustered.
   */
  public static Future<Boolean> refreshAfterNoHandlers(Vertx vertx, String address) {
    if (vertx instanceof io.vertx.core.internal.VertxInternal internal
        && internal.clusterManager() instanceof RefreshingClusterManager refreshing) {
      return refreshing.refreshAfterNoHandlers(address);
    }
    return Future.succeededFuture(false);
  }

  /** The nodes where a process playing {@code role} (its name) is a cluster member now. */
  public static java.util.SortedSet<String> liveNodes(HazelcastInstance hazelcast, String role) {
    java.util.SortedSet<String> nodes = new java.util.TreeSet<>();
    for (com.hazelcast.cluster.Member member : hazelcast.getCluster().getMembers()) {
      String node = member.getAttribute(NODE_ATTRIBUTE);
      if (role.equals(member.getAttribute(ROLE_ATTRIBUTE)) && node != null) {
        nodes.add(node);
      }
    }
    return nodes;
  }

  /** A running cluster member: its Vert.x instance and its Hazelcast instance. */
  public record Member(Vertx vertx, HazelcastInstance hazelcast) {}

  /**
   * Joins the cluster with the TLS material in {@code tls}. A lite member holds no cluster data:
   * roles that come and go are lite, so their restart never takes the bus's subscription
   * registry with them.
   *
   * <p>Fails with an {@link IllegalStateException} naming the missing files when {@code tls}
   * lacks one, or the file it cannot read: there is no way to join in clear.
   */
  public static Future<Member> join(ClusterOptions options, TlsDir tls, String role,
      boolean liteMember) {
    return join(options, tls, role, liteMember, null);
  }

  /**
   * Joins the cluster as {@link #join(ClusterOptions, TlsDir, String, boolean)} does, with
   * Vert.x reporting into {@code metrics} (none when null).
   */
  public static Future<Member> join(ClusterOptions options, TlsDir tls, String role,
      boolean liteMember, ProcessMetrics metrics) {
    EventBusOptions bus;
    try {
      tls.requireComplete();
      bus = eventBusOptions(options, tls);
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    Correlation.init();
    HazelcastClusterManager manager = new RefreshingClusterManager(
        hazelcastConfig(options, role, liteMember),
        TimeUnit.SECONDS.toMillis(3L * options.failureTimeoutSeconds()));
    VertxOptions vertxOptions = new VertxOptions()
        .setEventLoopPoolSize(EVENT_LOOP_THREADS)
        .setWorkerPoolSize(WORKER_THREADS)
        .setEventBusOptions(bus);
    io.vertx.core.VertxBuilder builder = Vertx.builder();
    if (metrics != null) {
      vertxOptions.setMetricsOptions(metrics.vertxOptions());
      builder.withMetrics(metrics.vertxFactory());
    }
    return builder
        .with(vertxOptions)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> {
          vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
          return new Member(vertx, manager.getHazelcastInstance());
        });
  }

  /**
   * The event bus between members: TLS both ways, each side proving with a certificate of the
   * cluster CA that it belongs. Membership is what the CA proves, not a host name, so the client
   * side does not verify host names (Vert.x 5 sets an empty verification algorithm for the
   * bus's client itself); node certificates still carry their bind host and loopback names for
   * tools that do.
   */
  static EventBusOptions eventBusOptions(ClusterOptions options, TlsDir tls) {
    return new EventBusOptions()
        .setHost(options.bindHost())
        .setPort(options.busPort())
        .setClusterPublicHost(options.bindHost())
        .setSsl(true)
        // The bus's default trusts every server certificate; only the cluster CA's will do.
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new JksOptions().setValue(Buffer.buffer(nodeKeyStore(tls)))
            .setPassword(NodeKey.PASSWORD))
        .setTrustOptions(new PemTrustOptions().addCertPath(tls.caCert().toString()));
  }

  private static byte[] nodeKeyStore(TlsDir tls) {
    try {
      return NodeKey.keyStore(tls);
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot read this node's key and certificate in " + tls
          + ": " + e.getMessage(), e);
    }
  }

  /**
   * The member's Hazelcast configuration, built here rather than parsed: reading Vert.x's
   * {@code default-cluster.xml} cost half a second of every JVM's start. It declares what that
   * file declares (the structures Vert.x's cluster manager uses) with SnowFox's network, timing
   * and threads.
   */
  public static Config hazelcastConfig(ClusterOptions options, String role, boolean liteMember) {
    Config config = new Config();
    config.addMultiMapConfig(new MultiMapConfig("__vertx.subs").setBackupCount(1)
        .setValueCollectionType(MultiMapConfig.ValueCollectionType.SET));
    config.addMapConfig(new MapConfig("__vertx.haInfo").setBackupCount(1));
    config.addMapConfig(new MapConfig("__vertx.nodeInfo").setBackupCount(1));
    // After a split brain the newest leadership and job versions win, not the larger side.
    config.addMapConfig(new MapConfig(Addresses.JOBS_MAP).setMergePolicyConfig(
        new MergePolicyConfig(NewestJobMergePolicy.class.getName(), 100)));
    config.addMapConfig(new MapConfig(Addresses.LEADER_MAP).setMergePolicyConfig(
        new MergePolicyConfig(NewestEpochMergePolicy.class.getName(), 100)));
    config.setClusterName(options.clusterName());
    config.setLiteMember(liteMember);
    config.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, options.nodeId());
    config.getMemberAttributeConfig().setAttribute(ROLE_ATTRIBUTE, role);

    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds",
        Integer.toString(options.heartbeatSeconds()));
    config.setProperty("hazelcast.max.no.heartbeat.seconds",
        Integer.toString(options.failureTimeoutSeconds()));
    // A new master waits this long for the members it does not suspect to accept its claim
    // (default 120 s): with a frozen member that is not yet suspected, the cluster had no master
    // that long. Twice the failure timeout lets every silent member be suspected first.
    config.setProperty("hazelcast.mastership.claim.timeout.seconds",
        Integer.toString(2 * options.failureTimeoutSeconds()));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    fewerThreads(config, liteMember);

    // One endpoint, for members only (advanced networking): its connections speak the member
    // protocol alone. The classic single port guesses each connection's protocol, and while it
    // waits for a peer's first bytes its outbound pipeline is re-run without pause for every
    // packet queued: towards a frozen member (whose kernel accepts connections its process never
    // reads) that spun an I/O thread for seconds and starved every heartbeat behind it
    // (docs/cluster.md, "A frozen node"). No client, REST or memcache protocol is served.
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig endpoint = new ServerSocketEndpointConfig();
    endpoint.setPort(options.clusterPort()).setPortAutoIncrement(false);
    endpoint.getInterfaces().clear().setEnabled(true).addInterface(options.bindHost());
    network.setMemberEndpointConfig(endpoint);

    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getKubernetesConfig().setEnabled(false);
    join.getAwsConfig().setEnabled(false);
    join.getGcpConfig().setEnabled(false);
    join.getAzureConfig().setEnabled(false);
    join.getEurekaConfig().setEnabled(false);
    TcpIpConfig tcp = join.getTcpIpConfig().setEnabled(true);
    List<String> members = new ArrayList<>();
    members.add(options.selfSeed());
    for (String seed : options.seeds()) {
      members.add(Seeds.parse(seed).toString());
    }
    tcp.setMembers(members);
    return config;
  }

  /**
   * A node runs four members on what may be two cores, and their traffic is a few small
   * messages per job: Hazelcast's defaults (three I/O threads each way, five event threads, a
   * pool per kind of operation, sized for a dedicated data grid) gave every JVM 32 threads.
   * One of each is plenty. A lite member owns no partitions, so it needs one partition thread;
   * the data member keeps the default (one per core). The slow-operation detector, the health
   * monitor and metrics collection are diagnostics that wake up every few seconds for nobody.
   * One I/O thread each way serves every connection of the JVM, so nothing may spin on it: see
   * the member-only endpoint in {@link #hazelcastConfig}.
   *
   * <p>No response thread: the I/O thread that reads a response completes its invocation
   * itself, where a response thread had to be woken for each one (every map operation of a lite
   * member, every backup acknowledgement). One node then ran 18 % more jobs a second for 14 %
   * less CPU per job (two pairs of runs, docs/benchmarks.md); five nodes, no change beyond noise. What a completed invocation runs on that thread must
   * not block, as it already must not on a response thread: its own response could not be read.
   */
  private static void fewerThreads(Config config, boolean liteMember) {
    config.setProperty("hazelcast.io.thread.count", "1");
    config.setProperty("hazelcast.event.thread.count", "1");
    config.setProperty("hazelcast.operation.generic.thread.count", "1");
    config.setProperty("hazelcast.operation.response.thread.count", "0");
    if (liteMember) {
      config.setProperty("hazelcast.operation.thread.count", "1");
    }
    config.setProperty("hazelcast.slow.operation.detector.enabled", "false");
    config.setProperty("hazelcast.health.monitoring.level", "OFF");
    config.getMetricsConfig().setEnabled(false);
  }
}
