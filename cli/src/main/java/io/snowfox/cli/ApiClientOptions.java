package io.snowfox.cli;

import io.snowfox.client.ClientOptions;
import io.snowfox.client.SnowfoxClient;
import io.snowfox.runtime.config.Durations;
import io.snowfox.runtime.role.RoleOptions;
import io.snowfox.runtime.security.ManagementToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a client command reaches the public API, and with which token. */
final class ApiClientOptions {

  @Option(names = "--api", paramLabel = "URL", defaultValue = ClientOptions.DEFAULT_URL,
      description = "The public API (default: ${DEFAULT-VALUE}; env SNOWFOX_API).")
  String url;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
      defaultValue = "5s", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print the API's JSON answer instead of text.")
  boolean json;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "The API token (env SNOWFOX_TOKEN). Without one, the management token of "
          + "the node whose data dir is --data-dir is used, when this user can read it.")
  String token;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = RoleOptions.DEFAULT_DATA_DIR,
      description = "Data dir of a node on this machine, where its management token is "
          + "(default: ${DEFAULT-VALUE}).")
  Path dataDir;

  SnowfoxClient client() {
    return new SnowfoxClient(url, timeout, token());
  }

  /** The token given, else the local node's management token, else none (the API says 401). */
  String token() {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    try {
      return ManagementToken.read(dataDir).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SecurityException e) {
      return null;
    }
  }
}
