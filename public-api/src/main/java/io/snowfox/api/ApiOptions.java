package io.snowfox.api;

import picocli.CommandLine.Option;

/** Where the public API listens. */
public final class ApiOptions {

  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 7070;

  @Option(names = "--http-host", paramLabel = "HOST", defaultValue = DEFAULT_HTTP_HOST,
      description = "Address the HTTP API listens on (default: ${DEFAULT-VALUE}).")
  String httpHost = DEFAULT_HTTP_HOST;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_HTTP_PORT,
      description = "Port of the HTTP API (default: ${DEFAULT-VALUE}).")
  int httpPort = DEFAULT_HTTP_PORT;

  public String httpHost() {
    return httpHost;
  }

  public int httpPort() {
    return httpPort;
  }

  /** Checks the values; the message names the option. */
  public void validate() {
    if (httpPort < 1 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port must be 1-65535, got " + httpPort);
    }
    if (httpHost.isBlank()) {
      throw new IllegalArgumentException("--http-host must not be empty");
    }
  }
}
