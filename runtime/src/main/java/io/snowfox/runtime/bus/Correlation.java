package io.snowfox.runtime.bus;

import io.snowfox.protocol.Envelopes;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.spi.context.storage.ContextLocal;
import java.util.regex.Pattern;

/**
 * The correlation id of the request being handled, carried by the Vert.x context.
 *
 * <p>Each message and each HTTP request is handled on its own duplicated context; the id stored
 * there follows every callback, reply and timer started while handling it, so log lines written
 * later on the same logical flow carry it too (see {@code CorrelationTurboFilter}).
 */
public final class Correlation {

  /**
   * What is known about the flow being handled.
   *
   * @param correlationId the request's correlation id
   * @param kind the message kind being handled (payload type, or HTTP)
   * @param spanId the span of the hop handling it, parent of the spans of requests it makes;
   *     null when none
   * @param tenant the namespace the flow acts for ({@code "*"} for management), carried by
   *     every request it makes as the envelope's tenant id; empty for the cluster's own work
   * @param partners the namespaces whose objects the flow may act on (WRP partner ids); empty
   *     for the cluster's own work, which is not restricted
   */
  public record Scope(String correlationId, String kind, String spanId, String tenant,
      java.util.List<String> partners) {
    public Scope {
      tenant = tenant == null ? "" : tenant;
      partners = partners == null ? java.util.List.of() : java.util.List.copyOf(partners);
    }

    public Scope(String correlationId, String kind, String spanId) {
      this(correlationId, kind, spanId, "", java.util.List.of());
    }

    public Scope(String correlationId, String kind) {
      this(correlationId, kind, null);
    }
  }

  private static final ContextLocal<Scope> LOCAL = ContextLocal.registerLocal(Scope.class);

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private Correlation() {}

  /** Registers the context local; call before the first Vert.x instance is created. */
  public static void init() {
    // Loading this class registers LOCAL; Spans registers its own.
    Spans.init();
  }

  /** The scope of the current flow, or null outside one. */
  public static Scope current() {
    Context context = Vertx.currentContext();
    return context == null ? null : context.getLocal(LOCAL);
  }

  /** The correlation id of the current flow, or null outside one. */
  public static String id() {
    Scope scope = current();
    return scope == null ? null : scope.correlationId();
  }

  /** The current correlation id, or a new one when this is the first hop of a request. */
  public static String idOrNew() {
    String id = id();
    return id != null ? id : Envelopes.newId();
  }

  /** True when {@code id} is acceptable as a correlation id coming from outside. */
  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  /**
   * From now on, the current flow acts for {@code tenant} with {@code partners}: once the user
   * behind a request is known. The scope is changed in place, on the flow's own context, so
   * callbacks already registered for the request (its body arriving, say) see it too.
   *
   * @throws IllegalStateException outside a flow
   */
  public static void actFor(String tenant, java.util.List<String> partners) {
    ContextInternal current = (ContextInternal) Vertx.currentContext();
    Scope scope = current == null ? null : current.getLocal(LOCAL);
    if (scope == null || !current.isDuplicate()) {
      throw new IllegalStateException("not in a correlation scope");
    }
    current.putLocal(LOCAL, new Scope(scope.correlationId(), scope.kind(), scope.spanId(),
        tenant, partners));
  }

  /**
   * Binds {@code scope} to a fresh duplicate of the current context and runs {@code action} on
   * it, so the scope never leaks into another flow.
   */
  public static void runIn(Scope scope, Runnable action) {
    ContextInternal current = (ContextInternal) Vertx.currentContext();
    if (current == null) {
      throw new IllegalStateException("not on a Vert.x context");
    }
    ContextInternal flow = current.isDuplicate() && current.getLocal(LOCAL) == null
        ? current
        : current.duplicate();
    flow.putLocal(LOCAL, scope);
    if (flow == current) {
      action.run();
    } else {
      flow.dispatch(v -> action.run());
    }
  }
}
