package io.snowfox.runtime.cluster;

/** Parses {@code host:port} seed addresses. */
public final class Seeds {

  private Seeds() {}

  /** A seed member address. */
  public record Seed(String host, int port) {
    @Override
    public String toString() {
      return host + ":" + port;
    }
  }

  /**
   * Parses {@code host:port}; a bare host means the default daemon port.
   *
   * @throws IllegalArgumentException naming the bad seed
   */
  public static Seed parse(String seed) {
    String text = seed == null ? "" : seed.trim();
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? text : text.substring(0, colon);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("invalid --seed '" + seed + "': expected HOST:PORT");
    }
    if (colon < 0) {
      return new Seed(host, ClusterOptions.DEFAULT_CLUSTER_PORT);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return new Seed(host, port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid --seed '" + seed + "': port must be 1-65535");
    }
  }
}
