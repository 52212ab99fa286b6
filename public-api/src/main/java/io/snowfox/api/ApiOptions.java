package io.snowfox.api;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the public API listens. */
public final class ApiOptions {

  public static final String DEFAULT_HTTP_HOST = "127.0.0.1";
  public static final int DEFAULT_HTTP_PORT = 7070;
  /**
   * Submits one API server keeps waiting for the manager at once. The manager persists jobs one
   * at a time, about 10 ms each on the benchmark machine (docs/benchmarks.md), so 64 waiting
   * submits are answered in well under a second, and the submits of several nodes' API servers
   * together still well within the manager's 5 s deadline; more in flight would only queue
   * until they time out with an unknown outcome.
   */
  public static final int DEFAULT_MAX_SUBMITS_IN_FLIGHT = 64;

  @Option(names = "--http-host", paramLabel = "HOST", defaultValue = DEFAULT_HTTP_HOST,
      description = "Address the HTTP API listens on (default: ${DEFAULT-VALUE}).")
  String httpHost = DEFAULT_HTTP_HOST;

  @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_HTTP_PORT,
      description = "Port of the HTTP API (default: ${DEFAULT-VALUE}).")
  int httpPort = DEFAULT_HTTP_PORT;

  @Option(names = "--max-submits-in-flight", paramLabel = "N",
      defaultValue = "" + DEFAULT_MAX_SUBMITS_IN_FLIGHT,
      description = "Job submits this API server keeps waiting for the manager at once; more "
          + "get 503 with Retry-After (default: ${DEFAULT-VALUE}).")
  int maxSubmitsInFlight = DEFAULT_MAX_SUBMITS_IN_FLIGHT;

  @Option(names = "--allowed-origin", paramLabel = "ORIGIN", split = ",",
      description = "A web origin (scheme://host[:port]) whose pages may call the API from a "
          + "browser (repeatable). None by default: only the API's own pages.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--allowed-host", paramLabel = "NAME", split = ",",
      description = "A host name clients may address the API by, besides its bind address, "
          + "localhost and IP addresses (repeatable). Other names get 403: a DNS-rebinding "
          + "page cannot reach the API.")
  List<String> allowedHosts = new ArrayList<>();

  public List<String> allowedOrigins() {
    return List.copyOf(allowedOrigins);
  }

  public List<String> allowedHosts() {
    return List.copyOf(allowedHosts);
  }

  /** The arguments that give an API process started by a daemon these options. */
  public List<String> toChildArgs() {
    List<String> args = new ArrayList<>(List.of("--http-host", httpHost, "--http-port",
        Integer.toString(httpPort), "--max-submits-in-flight",
        Integer.toString(maxSubmitsInFlight)));
    allowedOrigins.forEach(origin -> args.addAll(List.of("--allowed-origin", origin)));
    allowedHosts.forEach(host -> args.addAll(List.of("--allowed-host", host)));
    return args;
  }

  public String httpHost() {
    return httpHost;
  }

  public int httpPort() {
    return httpPort;
  }

  public int maxSubmitsInFlight() {
    return maxSubmitsInFlight;
  }

  /** Checks the values; the message names the option. */
  public void validate() {
    if (httpPort < 1 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port must be 1-65535, got " + httpPort);
    }
    if (maxSubmitsInFlight < 1) {
      throw new IllegalArgumentException("--max-submits-in-flight must be at least 1, got "
          + maxSubmitsInFlight);
    }
    if (httpHost.isBlank()) {
      throw new IllegalArgumentException("--http-host must not be empty");
    }
    for (String origin : allowedOrigins) {
      if (!origin.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException("--allowed-origin must be scheme://host[:port], got '"
            + origin + "'");
      }
    }
  }
}
