package io.snowfox.spawner;

import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.role.RoleProcess;
import io.vertx.core.Future;

/**
 * The spawner: the only process of a node that starts, signals and reaps workloads. It answers
 * the control protocol (health, shutdown) from the daemon; workload requests arrive from the
 * manager on the same address.
 */
public final class SpawnerProcess extends RoleProcess {

  @Override
  protected Role role() {
    return Role.ROLE_SPAWNER;
  }

  private final JobIdentityOptions identity;
  private SpawnerService service;

  public SpawnerProcess(JobIdentityOptions identity) {
    this.identity = identity;
  }

  @Override
  protected void addControlRoutes(Routes routes, RoleContext context) {
    service = new SpawnerService(context, identity.users());
    service.register(routes);
  }

  @Override
  protected Future<Void> start(RoleContext context) {
    return service.start();
  }

  @Override
  protected Future<Void> stop(RoleContext context) {
    return service.stopAll();
  }
}
