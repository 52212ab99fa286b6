package io.snowfox.it;

import io.snowfox.runtime.cluster.FreePorts;

/** Free loopback ports for the nodes tests start ({@link FreePorts}: below the ephemeral range). */
final class Ports {

  private Ports() {}

  static int free() {
    return FreePorts.free();
  }
}
