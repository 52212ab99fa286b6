package io.snowfox.spawner;

import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code snowfox spawner}: started by the daemon, never by hand. */
@Command(name = "spawner", mixinStandardHelpOptions = true,
    description = "Run a node's spawner (started by the daemon).")
public final class SpawnerCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;
  @Mixin RoleOptions role;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cluster.validate();
    return new SpawnerProcess().run(cluster, role, spec);
  }
}
