package io.snowfox.api.auth;

import io.snowfox.api.http.ApiErrors;
import io.snowfox.api.http.Responses;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.v1.CreateTokenRequest;
import io.snowfox.protocol.v1.CreateTokenResponse;
import io.snowfox.protocol.v1.ListTokensRequest;
import io.snowfox.protocol.v1.ListTokensResponse;
import io.snowfox.protocol.v1.RevokeTokenRequest;
import io.snowfox.protocol.v1.TokenRecord;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.security.ApiTokens;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.runtime.security.TokenRoles;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Set;

/**
 * {@code /v1/tokens} (management tokens only, see {@link AccessPolicy}): create a token (its
 * secret is in the answer, once), list tokens (never a secret) and revoke one. The leading
 * manager keeps them ({@link Addresses#TOKENS}).
 */
public final class TokenEndpoint {

  /** Largest body of a token request. */
  public static final long MAX_BODY_BYTES = 4096;
  /** How long the manager has to answer. */
  public static final Duration MANAGER_DEADLINE = Duration.ofSeconds(5);

  private static final Set<String> FIELDS = Set.of("namespace", "role", "description");

  private final RoleContext context;

  public TokenEndpoint(RoleContext context) {
    this.context = context;
  }

  public void mount(Router router) {
    // Its own route: Vert.x wants the body handler first on a route.
    router.post("/v1/tokens").handler(BrowserGuard.requireBodyType());
    router.post("/v1/tokens").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::create);
    router.get("/v1/tokens").handler(this::list);
    router.delete("/v1/tokens/:id").handler(this::revoke);
  }

  private void create(RoutingContext ctx) {
    CreateTokenRequest request;
    try {
      request = parse(ctx.body().buffer() == null ? "" : ctx.body().asString());
    } catch (IllegalArgumentException e) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", e.getMessage());
      return;
    }
    ask(request, CreateTokenResponse.class).onSuccess(created -> {
      ctx.response().setStatusCode(201)
          .putHeader("Location", "/v1/tokens/" + created.getRecord().getId());
      Responses.json(ctx, view(created.getRecord())
          .put("token", created.getToken())
          .put("correlation_id", Correlation.id()));
    }).onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  static CreateTokenRequest parse(String body) {
    JsonObject json;
    try {
      json = new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("the body is not a JSON object: "
          + "{\"namespace\": \"team-a\", \"role\": \"submit\"}");
    }
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(field + ": unknown field; known: namespace, role, "
            + "description");
      }
    }
    Object role = json.getValue("role");
    Object namespace = json.getValue("namespace");
    Object description = json.getValue("description", "");
    if (!(role instanceof String) || !(description instanceof String)
        || namespace != null && !(namespace instanceof String)) {
      throw new IllegalArgumentException("role, namespace and description are strings");
    }
    TokenRole parsed = TokenRoles.parse((String) role);
    String space = namespace == null ? "" : (String) namespace;
    if (parsed == TokenRole.TOKEN_ROLE_MANAGEMENT) {
      if (!space.isEmpty() && !space.equals(Namespaces.ALL)) {
        throw new IllegalArgumentException("namespace: a management token acts in every "
            + "namespace; leave it out");
      }
      space = Namespaces.ALL;
    } else if (!Namespaces.isValid(space)) {
      throw new IllegalArgumentException("namespace: required for a " + role + " token; "
          + "1-63 lower-case letters, digits or '-'");
    }
    if (((String) description).length() > 256) {
      throw new IllegalArgumentException("description: at most 256 characters");
    }
    return CreateTokenRequest.newBuilder().setNamespace(space).setRole(parsed)
        .setDescription((String) description).build();
  }

  private void list(RoutingContext ctx) {
    String wanted = ctx.queryParams().get("revoked");
    if (wanted != null && !wanted.equals("true") && !wanted.equals("false")) {
      ApiErrors.send(ctx, 400, "BAD_REQUEST", "revoked: must be true or false");
      return;
    }
    boolean revoked = "true".equals(wanted);
    ask(ListTokensRequest.newBuilder().setIncludeRevoked(revoked).build(),
        ListTokensResponse.class).onSuccess(answer -> {
          JsonArray tokens = new JsonArray();
          answer.getTokensList().forEach(record -> tokens.add(view(record)));
          Responses.json(ctx, new JsonObject().put("correlation_id", Correlation.id())
              .put("tokens", tokens));
        }).onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  private void revoke(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (!ApiTokens.isId(id)) {
      ApiErrors.send(ctx, 404, "NOT_FOUND", "no token '" + id + "'");
      return;
    }
    ask(RevokeTokenRequest.newBuilder().setId(id).build(), TokenRecord.class)
        .onSuccess(record -> Responses.json(ctx, view(record)
            .put("correlation_id", Correlation.id())))
        .onFailure(failure -> ApiErrors.send(ctx, failure));
  }

  /** The API's shape of a token record: never its secret nor the secret's hash. */
  static JsonObject view(TokenRecord record) {
    JsonObject view = new JsonObject()
        .put("id", record.getId())
        .put("namespace", record.getNamespace())
        .put("role", TokenRoles.name(record.getRole()))
        .put("description", record.getDescription())
        .put("created_at", Micros.iso(record.getCreatedAtMicros()))
        .put("revoked", record.getRevoked());
    if (record.getRevoked()) {
      view.put("revoked_at", Micros.iso(record.getRevokedAtMicros()));
    }
    return view;
  }

  private <R extends com.google.protobuf.Message> Future<R> ask(
      com.google.protobuf.Message request, Class<R> type) {
    return context.bus()
        .request(Addresses.TOKENS, Envelopes.request(request).setSource(context.bus().self()),
            MANAGER_DEADLINE)
        .map(reply -> Envelopes.unpack(reply, type));
  }
}
