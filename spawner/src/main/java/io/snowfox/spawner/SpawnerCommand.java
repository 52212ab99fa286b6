package io.snowfox.spawner;

import io.snowfox.runtime.role.RoleCommand;
import io.snowfox.runtime.role.RoleProcess;
import picocli.CommandLine.Command;

/** {@code snowfox spawner}: started by the daemon, never by hand. */
@Command(name = "spawner", mixinStandardHelpOptions = true,
    description = "Run a node's spawner (started by the daemon).")
public final class SpawnerCommand extends RoleCommand {

  @Override
  protected RoleProcess process() {
    return new SpawnerProcess();
  }
}
