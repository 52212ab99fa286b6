package io.snowfox.api.auth;

import io.snowfox.api.http.ApiErrors;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A browser tab is an attacker. A page on another site can make the browser send requests to
 * the API (a "simple" cross-site POST needs no permission), and a site whose name is made to
 * resolve to 127.0.0.1 (DNS rebinding) can even read the answers. So:
 * <ul>
 *   <li>a {@code Host} that is not the API's address, an IP address, {@code localhost} or an
 *       allowed name is refused (403): a rebinding page always names its own domain;
 *   <li>an {@code Origin} that is not the API's own (same host) nor an allowed one is refused
 *       (403);
 *   <li>a body is read only as {@code application/json} or {@code application/yaml} (415,
 *       {@link #requireBodyType()}): types a cross-site page cannot send without asking first.
 * </ul>
 */
public final class BrowserGuard implements Handler<RoutingContext> {

  /** Media types a body may have. */
  public static final Set<String> BODY_TYPES = Set.of("application/json", "application/yaml",
      "application/x-yaml", "text/yaml", "text/x-yaml");

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private final String apiHost;
  private final Set<String> allowedHosts;
  private final Set<String> allowedOrigins;

  public BrowserGuard(String apiHost, List<String> allowedHosts, List<String> allowedOrigins) {
    this.apiHost = apiHost.toLowerCase(Locale.ROOT);
    this.allowedHosts = Set.copyOf(allowedHosts.stream()
        .map(h -> h.toLowerCase(Locale.ROOT)).toList());
    this.allowedOrigins = Set.copyOf(allowedOrigins.stream()
        .map(o -> o.toLowerCase(Locale.ROOT)).toList());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String host = authority(ctx);
    if (!hostAllowed(host)) {
      ApiErrors.send(ctx, 403, "FORBIDDEN", "Host '" + host + "' is not an address of this API;"
          + " start it with --allowed-host to add a name");
      return;
    }
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !originAllowed(origin, host)) {
      ApiErrors.send(ctx, 403, "FORBIDDEN", "requests from pages of " + origin + " are not "
          + "allowed; start the API with --allowed-origin to allow them");
      return;
    }
    ctx.next();
  }

  /** The host the client addressed: the Host header, or HTTP/2's :authority. */
  private static String authority(RoutingContext ctx) {
    io.vertx.core.net.HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      return null;
    }
    String host = authority.host().contains(":") && !authority.host().startsWith("[")
        ? "[" + authority.host() + "]" : authority.host();
    return host + (authority.port() >= 0 ? ":" + authority.port() : "");
  }

  boolean hostAllowed(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) {
      return false;
    }
    String name = hostName(hostHeader.strip().toLowerCase(Locale.ROOT));
    return name.equals(apiHost) || name.equals("localhost") || allowedHosts.contains(name)
        || IPV4.matcher(name).matches() || name.startsWith("[");
  }

  boolean originAllowed(String origin, String hostHeader) {
    String lower = origin.strip().toLowerCase(Locale.ROOT);
    return allowedOrigins.contains(lower) || hostHeader != null
        && (lower.equals("http://" + hostHeader.strip().toLowerCase(Locale.ROOT))
            || lower.equals("https://" + hostHeader.strip().toLowerCase(Locale.ROOT)));
  }

  /** The name of a Host header, without its port; IPv6 literals keep their brackets. */
  static String hostName(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end < 0 ? host : host.substring(0, end + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /**
   * The handler of a route that reads a body: the body must be JSON or YAML (415 otherwise),
   * whatever the route then makes of it. Mounted before the body is read.
   */
  public static Handler<RoutingContext> requireBodyType() {
    return ctx -> {
      if (!BODY_TYPES.contains(mediaType(ctx.request().getHeader("Content-Type")))) {
        ApiErrors.send(ctx, 415, "UNSUPPORTED_MEDIA_TYPE", "a body is sent as application/json "
            + "or application/yaml, not '" + ctx.request().getHeader("Content-Type") + "'");
        return;
      }
      ctx.next();
    };
  }

  /** The media type of a Content-Type header, lower case, without parameters; "" when none. */
  public static String mediaType(String header) {
    if (header == null) {
      return "";
    }
    int semicolon = header.indexOf(';');
    return (semicolon < 0 ? header : header.substring(0, semicolon)).strip()
        .toLowerCase(Locale.ROOT);
  }
}
