package io.snowfox.cli;

import io.snowfox.api.client.SnowfoxClient;
import io.snowfox.runtime.config.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a client command reaches the public API. */
final class ApiClientOptions {

  @Option(names = "--api", paramLabel = "URL", defaultValue = SnowfoxClient.DEFAULT_URL,
      description = "The public API (default: ${DEFAULT-VALUE}; env SNOWFOX_API).")
  String url;

  @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.Converter.class,
      defaultValue = "5s", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print the API's JSON answer instead of text.")
  boolean json;

  SnowfoxClient client() {
    return new SnowfoxClient(url, timeout);
  }
}
