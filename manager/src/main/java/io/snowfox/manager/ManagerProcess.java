package io.snowfox.manager;

import io.snowfox.manager.placement.LeastLoadedPlacement;
import io.snowfox.manager.store.H2JobStore;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.role.RoleProcess;
import io.vertx.core.Future;

/**
 * The manager: job state, placement and restart policies. Unprivileged. It answers the control
 * protocol (health, shutdown) from the daemon on its own address, and job requests from the API
 * and process events from spawners on {@link Addresses#JOBS}.
 */
public final class ManagerProcess extends RoleProcess {

  private JobService jobs;

  @Override
  protected Role role() {
    return Role.ROLE_MANAGER;
  }

  @Override
  protected Future<Void> start(RoleContext context) {
    return context.vertx().executeBlocking(() -> H2JobStore.open(context.dataDir()))
        .compose(store -> {
          jobs = new JobService(context, new ClusterJobs(context.vertx(), store),
              new LeastLoadedPlacement());
          return jobs.start();
        })
        .compose(v -> {
          Routes routes = context.bus().routes(Addresses.JOBS);
          jobs.register(routes);
          return routes.listen();
        })
        .mapEmpty();
  }

  @Override
  protected Future<Void> stop(RoleContext context) {
    return jobs == null ? Future.succeededFuture() : jobs.close();
  }
}
