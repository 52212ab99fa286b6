package io.snowfox.api;

import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code snowfox api}: the public API server. A daemon starts one per node; it can also run on
 * its own, joined to a cluster with {@code --seed}.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
    description = "Run a public API server joined to a SnowFox cluster.")
public final class ApiCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;
  @Mixin RoleOptions role;
  @Mixin ApiOptions api;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cluster.validate();
    api.validate();
    return new ApiProcess(api).run(cluster, role, spec);
  }
}
