package io.snowfox.spawner;

import io.snowfox.runtime.role.RoleCommand;
import io.snowfox.runtime.role.RoleProcess;
import io.snowfox.runtime.identity.Accounts;
import io.snowfox.runtime.identity.JobIdentityOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code snowfox spawner}: started by the daemon, never by hand. */
@Command(name = "spawner", mixinStandardHelpOptions = true,
    description = "Run a node's spawner (started by the daemon).")
public final class SpawnerCommand extends RoleCommand {

  @Mixin JobIdentityOptions identity;

  @Override
  protected void validate() {
    identity.validate(new Accounts(), Accounts.runningAsRoot());
  }

  @Override
  protected RoleProcess process() {
    return new SpawnerProcess(identity);
  }
}
