package io.snowfox.runtime.role;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every server process takes besides the cluster's. */
public final class RoleOptions {

  /** Where a node keeps its state and logs when {@code --data-dir} is not given. */
  public static final String DEFAULT_DATA_DIR = "${sys:user.home}/.snowfox";

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DEFAULT_DATA_DIR,
      description = "Node state and logs (<DIR>/logs/<role>.log) (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--supervised", hidden = true,
      description = "Started by a daemon: exit when the daemon's stdin pipe closes.")
  boolean supervised;

  public Path dataDir() {
    return dataDir.toAbsolutePath().normalize();
  }

  public boolean supervised() {
    return supervised;
  }
}
