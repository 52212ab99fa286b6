package io.snowfox.cli;

import io.snowfox.protocol.Addresses;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleOptions;
import io.snowfox.runtime.security.TlsDir;
import io.snowfox.runtime.security.TlsMaterial;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snowfox tls init}: a new cluster CA with this node's certificate and a cluster key, or,
 * with {@code --ca}, a certificate for this node from an existing cluster's CA.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {
        "Make this node's cluster TLS material: ca.pem, node.pem, node-key.pem, cluster.key.",
        "Without --ca: a new cluster (its CA key, ca-key.pem, stays in this directory).",
        "With --ca DIR: a certificate from the CA in DIR (a tls dir holding ca-key.pem), and "
            + "copies of its ca.pem and cluster.key; the CA key is not copied."})
final class TlsInitCommand implements Callable<Integer> {

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = RoleOptions.DEFAULT_DATA_DIR,
      description = "The node's data dir (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--tls-dir", paramLabel = "DIR",
      description = "Where to write the material (default: <data-dir>/" + TlsDir.DEFAULT_NAME
          + ", where the daemon looks).")
  Path tlsDir;

  @Option(names = "--ca", paramLabel = "DIR",
      description = "Issue from the cluster CA in this tls dir instead of making a new cluster.")
  Path ca;

  @Option(names = "--node-id", paramLabel = "ID",
      description = "The node the certificate is for (default: the host name).")
  String nodeId;

  @Option(names = "--host", paramLabel = "HOST", split = ",",
      description = "A name or address the node is reached at, e.g. its --bind address "
          + "(repeatable); localhost and 127.0.0.1 are always added.")
  List<String> hosts = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TlsDir target = new TlsDir(tlsDir != null ? tlsDir : dataDir.resolve(TlsDir.DEFAULT_NAME));
    String node = Addresses.checkNodeId(nodeId != null ? nodeId : ClusterOptions.defaultNodeId());
    PrintWriter out = spec.commandLine().getOut();
    try {
      write(target, node, out);
    } catch (IllegalStateException | java.io.UncheckedIOException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return SnowfoxMain.EXIT_FAILURE;
    }
    return 0;
  }

  private void write(TlsDir target, String node, PrintWriter out) {
    if (ca == null) {
      TlsMaterial.createCluster(target, node, hosts);
      out.printf("new cluster CA, certificate of node %s and cluster key in %s%n", node, target);
      out.printf("give another node a certificate of this CA with:%n"
          + "  snowfox tls init --data-dir <its data dir> --node-id <its id> --host <its --bind>"
          + " --ca %s%n", target);
    } else {
      TlsMaterial.joinCluster(target, new TlsDir(ca), node, hosts);
      out.printf("certificate of node %s from the CA in %s, with the cluster key, in %s%n",
          node, ca.toAbsolutePath().normalize(), target);
    }
  }
}
