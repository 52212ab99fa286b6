package io.snowfox.manager;

import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code snowfox manager}: started by the daemon, never by hand. */
@Command(name = "manager", mixinStandardHelpOptions = true,
    description = "Run a node's manager (started by the daemon).")
public final class ManagerCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;
  @Mixin RoleOptions role;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cluster.validate();
    return new ManagerProcess().run(cluster, role, spec);
  }
}
