package io.snowfox.runtime.role;

import io.snowfox.runtime.tracing.OtlpEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

  @Option(names = "--otlp-endpoint", paramLabel = "URL",
      description = "Export spans to this OpenTelemetry collector over OTLP/HTTP (protobuf), "
          + "e.g. http://127.0.0.1:4318; a daemon passes it on to the roles it starts "
          + "(default: no export).")
  String otlpEndpoint;

  public Path dataDir() {
    return dataDir.toAbsolutePath().normalize();
  }

  public boolean supervised() {
    return supervised;
  }

  /** Where spans are posted ({@code <URL>/v1/traces}), when {@code --otlp-endpoint} is given. */
  public Optional<URI> otlpTracesUrl() {
    return otlpEndpoint == null || otlpEndpoint.isBlank() ? Optional.empty()
        : Optional.of(OtlpEndpoint.tracesUrl(otlpEndpoint));
  }

  /** The options a daemon passes on to the roles it starts, besides the data dir. */
  public List<String> toChildArgs() {
    return otlpEndpoint == null || otlpEndpoint.isBlank() ? List.of()
        : List.of("--otlp-endpoint", otlpEndpoint.trim());
  }

  /** Checks values; the message names the option. */
  public void validate() {
    otlpTracesUrl();
  }
}
