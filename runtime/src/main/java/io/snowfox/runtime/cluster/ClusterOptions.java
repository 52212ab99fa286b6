package io.snowfox.runtime.cluster;

import io.snowfox.protocol.Addresses;
import io.snowfox.runtime.security.TlsDir;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * How a process joins the SnowFox cluster. Every role takes these options; the daemon passes
 * its own values to the children it starts.
 *
 * <p>Defaults keep a node on loopback with no multicast: a lone daemon forms a cluster by itself
 * and a second node joins it with {@code --seed}.
 */
public final class ClusterOptions {

  public static final String DEFAULT_CLUSTER_NAME = "snowfox";
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  /** Hazelcast port of a daemon; its children take free ports of their own. */
  public static final int DEFAULT_CLUSTER_PORT = 5701;
  /** 0: the event bus takes a free port and announces it through Hazelcast. */
  public static final int DEFAULT_BUS_PORT = 0;
  public static final int DEFAULT_HEARTBEAT_SECONDS = 1;
  public static final int DEFAULT_FAILURE_TIMEOUT_SECONDS = 5;

  @Option(names = "--node-id", paramLabel = "ID",
      description = "This node's id (default: the host name, or 'node' when it is unusable).")
  String nodeId;

  @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = DEFAULT_CLUSTER_NAME,
      description = "Only members with the same cluster name join each other (default: ${DEFAULT-VALUE}).")
  String clusterName = DEFAULT_CLUSTER_NAME;

  @Option(names = "--bind", paramLabel = "HOST", defaultValue = DEFAULT_BIND_HOST,
      description = "Address the cluster and the event bus bind to and announce (default: ${DEFAULT-VALUE}).")
  String bindHost = DEFAULT_BIND_HOST;

  @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_CLUSTER_PORT,
      description = "Hazelcast member port (default: ${DEFAULT-VALUE}).")
  int clusterPort = DEFAULT_CLUSTER_PORT;

  @Option(names = "--bus-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_BUS_PORT,
      description = "Event-bus port; 0 takes a free one (default: ${DEFAULT-VALUE}).")
  int busPort = DEFAULT_BUS_PORT;

  @Option(names = "--seed", paramLabel = "HOST:PORT", split = ",",
      description = "A member to join (repeatable). Without seeds a daemon starts a new cluster.")
  List<String> seeds = new ArrayList<>();

  @Option(names = "--tls-dir", paramLabel = "DIR",
      description = "Cluster TLS material: ca.pem, node.pem, node-key.pem and cluster.key "
          + "(default: <data-dir>/" + TlsDir.DEFAULT_NAME + "; see snowfox tls init).")
  Path tlsDir;

  @Option(names = "--heartbeat-seconds", paramLabel = "N",
      defaultValue = "" + DEFAULT_HEARTBEAT_SECONDS,
      description = "Interval of cluster heartbeats (default: ${DEFAULT-VALUE}).")
  int heartbeatSeconds = DEFAULT_HEARTBEAT_SECONDS;

  @Option(names = "--failure-timeout-seconds", paramLabel = "N",
      defaultValue = "" + DEFAULT_FAILURE_TIMEOUT_SECONDS,
      description = "A member silent this long is declared gone (default: ${DEFAULT-VALUE}).")
  int failureTimeoutSeconds = DEFAULT_FAILURE_TIMEOUT_SECONDS;

  /** The node id, defaulted from the host name and checked. */
  public String nodeId() {
    if (nodeId == null || nodeId.isBlank()) {
      nodeId = defaultNodeId();
    }
    return Addresses.checkNodeId(nodeId);
  }

  public String clusterName() {
    return clusterName;
  }

  public String bindHost() {
    return bindHost;
  }

  public int clusterPort() {
    return clusterPort;
  }

  public int busPort() {
    return busPort;
  }

  public List<String> seeds() {
    return List.copyOf(seeds);
  }

  /** Where this process finds its cluster TLS material; {@code dataDir}/tls unless given. */
  public TlsDir tlsDir(Path dataDir) {
    return tlsDir != null ? new TlsDir(tlsDir) : TlsDir.under(dataDir);
  }

  public int heartbeatSeconds() {
    return heartbeatSeconds;
  }

  public int failureTimeoutSeconds() {
    return failureTimeoutSeconds;
  }

  /** Checks ranges and relations between values; the message names the option. */
  public void validate() {
    nodeId();
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("--cluster-name must not be empty");
    }
    checkPort("--cluster-port", clusterPort, false);
    checkPort("--bus-port", busPort, true);
    if (heartbeatSeconds < 1) {
      throw new IllegalArgumentException("--heartbeat-seconds must be at least 1");
    }
    if (failureTimeoutSeconds <= heartbeatSeconds) {
      throw new IllegalArgumentException(
          "--failure-timeout-seconds must be greater than --heartbeat-seconds");
    }
    for (String seed : seeds) {
      Seeds.parse(seed);
    }
  }

  private static void checkPort(String option, int port, boolean zeroAllowed) {
    if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
      throw new IllegalArgumentException(option + " must be a port number"
          + (zeroAllowed ? " (0 for any free port)" : "") + ", got " + port);
    }
  }

  /** The arguments that give a child process the same cluster, on its own ports. */
  public List<String> toChildArgs(int childClusterPort, List<String> childSeeds) {
    List<String> args = new ArrayList<>(List.of(
        "--node-id", nodeId(),
        "--cluster-name", clusterName,
        "--bind", bindHost,
        "--cluster-port", Integer.toString(childClusterPort),
        "--bus-port", "0",
        "--heartbeat-seconds", Integer.toString(heartbeatSeconds),
        "--failure-timeout-seconds", Integer.toString(failureTimeoutSeconds)));
    for (String seed : childSeeds) {
      args.add("--seed");
      args.add(seed);
    }
    return args;
  }

  /** This member's own address as a seed for others. */
  public String selfSeed() {
    return bindHost + ":" + clusterPort;
  }

  /** Options from a command line, as a role's {@code --node-id ... --seed ...} gives them. */
  public static ClusterOptions parse(String... args) {
    ClusterOptions options = new ClusterOptions();
    new picocli.CommandLine(options).parseArgs(args);
    return options;
  }

  /** The short host name when it is a usable node id, else "node". */
  public static String defaultNodeId() {
    try {
      String host = InetAddress.getLocalHost().getHostName();
      int dot = host.indexOf('.');
      String shortName = dot > 0 ? host.substring(0, dot) : host;
      return Addresses.isNodeId(shortName) ? shortName : "node";
    } catch (UnknownHostException e) {
      return "node";
    }
  }
}
