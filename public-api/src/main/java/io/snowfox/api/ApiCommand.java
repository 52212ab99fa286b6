package io.snowfox.api;

import io.snowfox.runtime.role.RoleCommand;
import io.snowfox.runtime.role.RoleProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code snowfox api}: the public API server. A daemon starts one per node; it can also run on
 * its own, joined to a cluster with {@code --seed}.
 */
@Command(name = "api", mixinStandardHelpOptions = true,
    description = "Run a public API server joined to a SnowFox cluster.")
public final class ApiCommand extends RoleCommand {

  @Mixin ApiOptions api;

  @Override
  protected void validate() {
    api.validate();
  }

  @Override
  protected RoleProcess process() {
    return new ApiProcess(api);
  }
}
