package io.snowfox.runtime.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the nodes that tests and benchmarks start on one machine, chosen
 * below the kernel's ephemeral range. A port is free when asked for and bound only later, by
 * the node; every process of a running node binds ephemeral ports meanwhile (its children's
 * Hazelcast and bus ports), and a port taken from that range was once taken again by one of
 * them before the node's API could bind it. Below the range only such tools hand ports out, and
 * this JVM never the same one twice.
 */
public final class FreePorts {

  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();
  /** How many ports below the ephemeral range are chosen from. */
  private static final int SPAN = 10_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  private FreePorts() {}

  /** A loopback port free now, below the ephemeral range, never handed out before by this JVM. */
  public static int free() {
    int below = Math.max(ephemeralLow(), 1_024 + SPAN);
    int low = Math.max(1_024, below - SPAN);
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(low, below);
      if (!GIVEN.contains(port) && bindable(port) && GIVEN.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port in " + low + "-" + below);
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** The first port of the kernel's ephemeral range (Linux), or 32768. */
  private static int ephemeralLow() {
    try {
      // readString() of a /proc file sees its size as 0 and reads a part of it.
      try (var lines = Files.newBufferedReader(EPHEMERAL_RANGE)) {
        return Integer.parseInt(lines.readLine().trim().split("\\s+")[0]);
      }
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
