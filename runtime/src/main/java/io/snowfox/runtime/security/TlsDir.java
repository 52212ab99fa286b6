package io.snowfox.runtime.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files that make a process a member of one SnowFox cluster, all in one directory: the
 * cluster CA's certificate, this node's certificate and key (signed by that CA), and the cluster
 * key that signs what members write into Hazelcast. The CA's own key lives only in the directory
 * of the machine where the CA was made.
 */
public record TlsDir(Path path) {

  /** The directory under a node's data dir when {@code --tls-dir} is not given. */
  public static final String DEFAULT_NAME = "tls";
  public static final String CA_CERT = "ca.pem";
  public static final String CA_KEY = "ca-key.pem";
  public static final String NODE_CERT = "node.pem";
  public static final String NODE_KEY = "node-key.pem";
  public static final String CLUSTER_KEY = "cluster.key";

  /** What a member cannot join without. */
  private static final List<String> REQUIRED = List.of(CA_CERT, NODE_CERT, NODE_KEY, CLUSTER_KEY);

  public TlsDir {
    path = path.toAbsolutePath().normalize();
  }

  /** The default directory of a node whose data dir is {@code dataDir}. */
  public static TlsDir under(Path dataDir) {
    return new TlsDir(dataDir.resolve(DEFAULT_NAME));
  }

  public Path caCert() {
    return path.resolve(CA_CERT);
  }

  public Path caKey() {
    return path.resolve(CA_KEY);
  }

  public Path nodeCert() {
    return path.resolve(NODE_CERT);
  }

  public Path nodeKey() {
    return path.resolve(NODE_KEY);
  }

  public Path clusterKey() {
    return path.resolve(CLUSTER_KEY);
  }

  /** True when every file a member needs is there. */
  public boolean complete() {
    return missing().isEmpty();
  }

  /** True when none of the member's files is there (a directory never initialised). */
  public boolean empty() {
    return missing().size() == REQUIRED.size();
  }

  /** Names of the files a member needs that are not there. */
  public List<String> missing() {
    return REQUIRED.stream().filter(name -> !Files.isRegularFile(path.resolve(name))).toList();
  }

  /** True when this directory holds the CA's key, so it can issue certificates. */
  public boolean holdsCa() {
    return Files.isRegularFile(caKey()) && Files.isRegularFile(caCert());
  }

  /**
   * Checks that a member can join with this directory.
   *
   * @throws IllegalStateException naming what is missing and how to make it
   */
  public TlsDir requireComplete() {
    List<String> missing = missing();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no cluster TLS material in " + path + " (missing "
          + String.join(", ", missing) + "): run 'snowfox tls init --tls-dir " + path
          + " --ca <the cluster CA's tls dir>' to give this node a certificate of the cluster CA");
    }
    return this;
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
