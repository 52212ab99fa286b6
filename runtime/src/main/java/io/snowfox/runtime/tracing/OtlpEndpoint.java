package io.snowfox.runtime.tracing;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where spans are sent: an OTLP/HTTP collector given as {@code --otlp-endpoint URL}, the base
 * URL of its OTLP receiver ({@code http://collector:4318}, as {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * takes it); traces go to its {@code /v1/traces}. A URL that already ends with
 * {@code /v1/traces} is taken as it is.
 */
public final class OtlpEndpoint {

  /** The path of OTLP/HTTP's trace receiver. */
  public static final String TRACES_PATH = "/v1/traces";
  /** OTLP/HTTP's usual port, for the messages. */
  public static final int DEFAULT_HTTP_PORT = 4318;
  /** OTLP/gRPC's usual port: SnowFox does not speak gRPC, so it warns about it. */
  public static final int GRPC_PORT = 4317;

  private OtlpEndpoint() {}

  /**
   * The URL spans are posted to.
   *
   * @throws IllegalArgumentException naming the option when {@code url} is no http(s) URL of
   *     a host
   */
  public static URI tracesUrl(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw invalid(url, e.getMessage());
    }
    String scheme = uri.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw invalid(url, "the URL must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid(url, "the URL names no host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(url, "the URL must have no query or fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.endsWith(TRACES_PATH)) {
      return uri;
    }
    String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return uri.resolve(base + TRACES_PATH);
  }

  private static IllegalArgumentException invalid(String url, String why) {
    return new IllegalArgumentException("invalid --otlp-endpoint '" + url + "': " + why
        + " (an OTLP/HTTP collector, for example http://127.0.0.1:" + DEFAULT_HTTP_PORT + ")");
  }
}
