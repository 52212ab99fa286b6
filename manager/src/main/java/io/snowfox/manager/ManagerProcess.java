package io.snowfox.manager;

import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.role.RoleProcess;
import io.vertx.core.Future;

/**
 * The manager: job state, placement and restart policies. Unprivileged. It answers the control
 * protocol (health, shutdown) from the daemon; job requests arrive from the public API.
 */
public final class ManagerProcess extends RoleProcess {

  @Override
  protected Role role() {
    return Role.ROLE_MANAGER;
  }

  @Override
  protected Future<Void> start(RoleContext context) {
    return Future.succeededFuture();
  }
}
