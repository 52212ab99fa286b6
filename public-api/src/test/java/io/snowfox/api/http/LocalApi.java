package io.snowfox.api.http;

import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Vertx;
import java.nio.file.Path;

/** The API's role context in one JVM without a cluster (no Hazelcast), for router tests. */
public final class LocalApi {

  private LocalApi() {}

  /** A new Vert.x with the envelope codec, and the correlation scopes the API needs. */
  public static Vertx vertx() {
    Correlation.init();
    Vertx vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    return vertx;
  }

  /** The context of the API process of node {@code node-1} on {@code vertx}'s local bus. */
  public static RoleContext context(Vertx vertx) {
    Endpoint self = Endpoint.newBuilder().setNodeId("node-1").setRole(Role.ROLE_API).build();
    return new RoleContext(vertx, null, new Bus(vertx, self), new ClusterOptions(),
        Path.of("."));
  }
}
