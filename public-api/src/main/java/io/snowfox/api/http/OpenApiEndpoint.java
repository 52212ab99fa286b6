package io.snowfox.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /v1/openapi.json}: the OpenAPI 3.1 document of this API, {@code openapi.json} on
 * the class path, written by hand next to the code. {@code OpenApiDocumentTest} fails when a
 * route is missing from it or it lists an operation no route serves.
 */
public final class OpenApiEndpoint {

  /** Where the document is on the class path. */
  public static final String RESOURCE = "/openapi.json";
  /** Where the API serves it. */
  public static final String PATH = "/v1/openapi.json";

  /** Read once, off the event loop, on the first request; a failed read stays failed. */
  private final AtomicReference<Future<Buffer>> document = new AtomicReference<>();

  public void mount(Router router) {
    router.get(PATH).handler(this::serve);
  }

  private void serve(RoutingContext ctx) {
    document(ctx.vertx())
        .onSuccess(bytes -> ctx.response().putHeader("Content-Type", "application/json")
            .end(bytes))
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  private Future<Buffer> document(Vertx vertx) {
    Future<Buffer> held = document.get();
    if (held != null) {
      return held;
    }
    Future<Buffer> read = vertx.executeBlocking(() -> Buffer.buffer(read()));
    held = document.compareAndExchange(null, read);
    return held == null ? read : held;
  }

  /** The document's bytes, read from the class path (blocking). */
  public static byte[] read() {
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path: the public-api "
            + "jar was built without its resources");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Failed to read " + RESOURCE + " from the class path", e);
    }
  }
}
