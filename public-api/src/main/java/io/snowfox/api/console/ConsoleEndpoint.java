package io.snowfox.api.console;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CSPHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.XFrameHandler;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The web console: static files (HTML, CSS and JavaScript modules, no build step) from the
 * class path's {@value #WEB_ROOT} directory, served at {@code /} and under {@code /static/}.
 *
 * <p>The files hold no data and are served without a token; the console asks its user for a
 * token and sends it with every API call, as the CLI does. They are mounted after the browser
 * checks (Host, Origin) and before authentication. Every file carries a strict
 * Content-Security-Policy (scripts, styles, images and connections from this origin only, no
 * inline code, no HTML-parsing sinks, no framing, no form submission),
 * {@code X-Content-Type-Options: nosniff} and {@code X-Frame-Options: DENY}. A path under
 * {@code /static/} that is no file goes on to authentication and the API's 401 or 404, as any
 * unknown path does.
 */
public final class ConsoleEndpoint {

  /** Where the console's files are on the class path. */
  public static final String WEB_ROOT = "console";
  /** The console's page. */
  public static final String PAGE = "/";
  /** Scripts, styles and images: {@code /static/app.js} is {@code console/app.js}. */
  public static final String STATIC = "/static/";
  /** The paths of the routes this endpoint mounts, as {@code Route.getPath()} gives them. */
  public static final List<String> ROUTE_PATHS = List.of(PAGE, STATIC);

  /**
   * What the console's pages may do, directive by directive. {@code require-trusted-types-for
   * 'script'} with no policy makes every HTML-parsing sink ({@code innerHTML} and the like)
   * throw: the console builds its DOM node by node, so text from the API never becomes markup.
   * {@code form-action 'none'}: should the scripts not run, a form cannot send what was typed
   * into it (a token) anywhere, not even into this page's URL.
   */
  public static final Map<String, String> CONTENT_SECURITY_POLICY = directives(
      "default-src", "'none'",
      "script-src", "'self'",
      "style-src", "'self'",
      "img-src", "'self'",
      "connect-src", "'self'",
      "base-uri", "'none'",
      "form-action", "'none'",
      "frame-ancestors", "'none'",
      "require-trusted-types-for", "'script'",
      "trusted-types", "'none'");

  public void mount(Router router) {
    StaticHandler files = StaticHandler.create(WEB_ROOT)
        .setIndexPage("index.html")
        .setDirectoryListing(false)
        .setIncludeHidden(false)
        // A new version's scripts must not meet an old page: no max-age, the browser asks again.
        .setCachingEnabled(false)
        .setDefaultContentEncoding("UTF-8");
    CSPHandler csp = CSPHandler.create();
    CONTENT_SECURITY_POLICY.forEach(csp::setDirective);
    XFrameHandler frames = XFrameHandler.create(XFrameHandler.DENY);
    for (String path : List.of(PAGE, STATIC + "*")) {
      router.get(path).handler(csp).handler(frames).handler(ConsoleEndpoint::headers)
          .handler(files);
    }
  }

  private static void headers(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Cross-Origin-Opener-Policy", "same-origin")
        .putHeader("Cache-Control", "no-cache");
    ctx.next();
  }

  private static Map<String, String> directives(String... namesAndValues) {
    Map<String, String> directives = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      directives.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(directives);
  }
}
