package io.snowfox.runtime.role;

import io.snowfox.runtime.cluster.ClusterOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command that runs a server process: its cluster and role options, checked, then the
 * process. Subclasses add their own options and say which process to run.
 */
public abstract class RoleCommand implements Callable<Integer> {

  @Mixin protected ClusterOptions cluster;
  @Mixin protected RoleOptions role;
  @Spec protected CommandSpec spec;

  /** Checks the subclass's own options; the message names the option. */
  protected void validate() {}

  /** The process to run, built from the options. */
  protected abstract RoleProcess process();

  @Override
  public final Integer call() {
    cluster.validate();
    role.validate();
    validate();
    return process().run(cluster, role, spec);
  }
}
