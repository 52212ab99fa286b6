package io.snowfox.manager;

import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.role.RoleCommand;
import io.snowfox.runtime.role.RoleProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code snowfox manager}: started by the daemon, never by hand. */
@Command(name = "manager", mixinStandardHelpOptions = true,
    description = "Run a node's manager (started by the daemon).")
public final class ManagerCommand extends RoleCommand {

  @Mixin ManagerOptions manager;
  /** The manager uses --allow-root-jobs (early refusal); --job-user is the spawner's. */
  @Mixin JobIdentityOptions identity;

  @Override
  protected RoleProcess process() {
    return new ManagerProcess(manager, identity);
  }
}
