package io.snowfox.api;

import io.snowfox.api.auth.TokenDirectory;
import io.snowfox.api.http.ApiRouter;
import io.snowfox.api.http.InvalidRequests;
import io.snowfox.runtime.security.TokenMap;
import io.snowfox.api.observe.EventHub;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.role.RoleProcess;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public API server: a cluster member that serves the HTTP/JSON API. */
public final class ApiProcess extends RoleProcess {

  private static final Logger log = LoggerFactory.getLogger(ApiProcess.class);

  private final ApiOptions options;
  private HttpServer server;
  private TokenDirectory tokens;

  public ApiProcess(ApiOptions options) {
    this.options = options;
  }

  @Override
  protected Role role() {
    return Role.ROLE_API;
  }

  @Override
  protected Future<Void> start(RoleContext context) {
    server = context.vertx().createHttpServer(new HttpServerOptions()
        .setHost(options.httpHost())
        .setPort(options.httpPort()));
    EventHub events = new EventHub(context);
    return TokenDirectory.start(context.vertx(), new TokenMap(context.hazelcast(), context.signer()),
            context.dataDir(), context.nodeId())
        .onSuccess(directory -> tokens = directory)
        .compose(directory -> server.requestHandler(ApiRouter.create(context, events, directory,
            options)).invalidRequestHandler(new InvalidRequests()).listen())
        .onSuccess(s -> log.info("public API listening on http://{}:{}", options.httpHost(),
            s.actualPort()))
        .mapEmpty();
  }

  @Override
  protected Future<Void> stop(RoleContext context) {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.eventually(() -> context.vertx().executeBlocking(() -> {
      if (tokens != null) {
        tokens.close();
      }
      return null;
    }));
  }
}
