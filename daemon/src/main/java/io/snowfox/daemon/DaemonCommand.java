package io.snowfox.daemon;

import io.snowfox.api.ApiOptions;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code snowfox daemon}: runs a node. */
@Command(name = "daemon", mixinStandardHelpOptions = true,
    description = "Run a SnowFox node: the daemon starts and supervises the spawner, the "
        + "manager and the public API server.")
public final class DaemonCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;
  @Mixin RoleOptions role;
  @Mixin ApiOptions api;
  @Mixin DaemonOptions daemon;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    cluster.validate();
    api.validate();
    daemon.validate();
    return new DaemonProcess(daemon, api).run(cluster, role, spec);
  }
}
