package io.snowfox.runtime.role;

import com.hazelcast.core.HazelcastInstance;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.RecentEvents;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.metrics.ProcessMetrics;
import io.snowfox.runtime.security.RecordSigner;
import io.snowfox.runtime.security.TlsDir;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/**
 * What a started role works with.
 *
 * @param recentEvents the events this process published lately, which it answers to an API
 *     server's {@code RecentEventsRequest}
 */
public record RoleContext(Vertx vertx, HazelcastInstance hazelcast, Bus bus,
    ClusterOptions cluster, Path dataDir, ProcessMetrics metrics, RecentEvents recentEvents) {

  public RoleContext(Vertx vertx, HazelcastInstance hazelcast, Bus bus, ClusterOptions cluster,
      Path dataDir, ProcessMetrics metrics) {
    this(vertx, hazelcast, bus, cluster, dataDir, metrics, new RecentEvents());
  }

  /** A context with metrics of its own, without JVM series: for tests. */
  public RoleContext(Vertx vertx, HazelcastInstance hazelcast, Bus bus, ClusterOptions cluster,
      Path dataDir) {
    this(vertx, hazelcast, bus, cluster, dataDir, ProcessMetrics.of(
        bus.self().getNodeId(), io.snowfox.protocol.Roles.name(bus.self().getRole())));
  }

  public String nodeId() {
    return cluster.nodeId();
  }

  /** This process's cluster TLS material (and the cluster key, for signing map entries). */
  public TlsDir tlsDir() {
    return cluster.tlsDir(dataDir);
  }

  /** Signs and verifies what this role writes to and reads from the cluster's maps. */
  public RecordSigner signer() {
    return RecordSigner.of(tlsDir());
  }
}
