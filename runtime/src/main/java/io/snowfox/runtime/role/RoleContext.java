package io.snowfox.runtime.role;

import com.hazelcast.core.HazelcastInstance;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/** What a started role works with. */
public record RoleContext(Vertx vertx, HazelcastInstance hazelcast, Bus bus,
    ClusterOptions cluster, Path dataDir) {

  public String nodeId() {
    return cluster.nodeId();
  }
}
