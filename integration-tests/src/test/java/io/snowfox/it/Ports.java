package io.snowfox.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free loopback ports, so tests never collide with a node running on the same machine. A port
 * is free when asked for and bound only later, by the node: the kernel may offer it again in
 * between, so a port this JVM has handed out is never handed out twice (a node once got the same
 * port for its cluster and its HTTP API, and its API could not start).
 */
final class Ports {

  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private Ports() {}

  static int free() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (GIVEN.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
