package io.snowfox.daemon;

import io.snowfox.api.ApiOptions;
import io.snowfox.manager.ManagerOptions;
import io.snowfox.runtime.identity.Accounts;
import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.role.RoleCommand;
import io.snowfox.runtime.role.RoleProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code snowfox daemon}: runs a node. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = "Run a SnowFox node: the daemon starts and supervises the spawner, the "
        + "manager and the public API server.")
public final class DaemonCommand extends RoleCommand {

  @Mixin ApiOptions api;
  @Mixin DaemonOptions daemon;
  @Mixin ManagerOptions manager;
  @Mixin JobIdentityOptions identity;

  @Override
  protected void validate() {
    api.validate();
    daemon.validate();
    // The daemon's user is its children's: a root daemon's spawner switches to --job-user.
    identity.validate(new Accounts(), Accounts.runningAsRoot());
  }

  @Override
  protected RoleProcess process() {
    return new DaemonProcess(daemon, api, manager, identity);
  }
}
