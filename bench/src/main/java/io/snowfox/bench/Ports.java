package io.snowfox.bench;

import io.snowfox.runtime.cluster.FreePorts;

/**
 * Free loopback ports ({@link FreePorts}: below the ephemeral range). A port the kernel handed
 * out as ephemeral was once taken again by a node's child before the node's API could bind it,
 * and a 5-node run stopped with its API never up.
 */
final class Ports {

  private Ports() {}

  static int free() {
    return FreePorts.free();
  }
}
