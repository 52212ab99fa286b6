package io.snowfox.manager.tokens;

import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.CreateTokenRequest;
import io.snowfox.protocol.v1.CreateTokenResponse;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.ListTokensRequest;
import io.snowfox.protocol.v1.ListTokensResponse;
import io.snowfox.protocol.v1.RevokeTokenRequest;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.TokenRecord;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.security.ApiTokens;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.runtime.security.TokenMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API tokens, kept by the managers: created, listed and revoked by the leader (management
 * tokens only), held durably in every manager's store and shared through the cluster map that
 * every API reads. A token is answered as created only once both hold it.
 *
 * <p>Every manager, leading or not, copies what the map receives into its own store, so
 * whichever manager leads after a restart of the whole cluster puts every token back.
 */
public final class TokenService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TokenService.class);

  private final Vertx vertx;
  private final TokenMap map;
  private final H2TokenStore store;
  /** One thread: store and map are written in the order requests came. */
  private final WorkerExecutor storeThread;
  private volatile AutoCloseable following;

  private TokenService(Vertx vertx, TokenMap map, H2TokenStore store) {
    this.vertx = vertx;
    this.map = map;
    this.store = store;
    this.storeThread = vertx.createSharedWorkerExecutor("snowfox-token-store", 1);
  }

  /** Opens the store and starts copying the map's records into it (blocking: a worker). */
  public static TokenService open(Vertx vertx, TokenMap map, Path dataDir) {
    TokenService service = new TokenService(vertx, map, H2TokenStore.open(dataDir));
    service.following = map.listen(record -> service.storeThread.executeBlocking(() -> {
      service.store.save(record);
      return null;
    }));
    return service;
  }

  /** On taking the lead: store and map end up with the union, revocations winning. */
  public Future<Void> lead() {
    return storeThread.executeBlocking(() -> {
      Map<String, TokenRecord> stored = store.loadAll().stream()
          .collect(Collectors.toMap(TokenRecord::getId, Function.identity()));
      for (TokenRecord inMap : map.all()) {
        store.save(inMap);
      }
      int restored = 0;
      for (TokenRecord record : stored.values()) {
        TokenRecord held = map.get(record.getId()).orElse(null);
        if (held == null || record.getRevoked() && !held.getRevoked()) {
          map.put(record);
          restored++;
        }
      }
      log.info("tokens: {} in the store, {} put back in the cluster map", stored.size(),
          restored);
      return null;
    });
  }

  /** Serves token requests on the leader's address. */
  public void register(Routes routes) {
    routes.on(CreateTokenRequest.class, (request, envelope) -> create(request, envelope))
        .on(ListTokensRequest.class, (request, envelope) -> list(request, envelope))
        .on(RevokeTokenRequest.class, (request, envelope) -> revoke(request, envelope));
  }

  private Future<CreateTokenResponse> create(CreateTokenRequest request, Envelope envelope) {
    requireManagement(envelope);
    if (!Namespaces.isValid(request.getNamespace())
        && !(Namespaces.ALL.equals(request.getNamespace())
            && request.getRole() == TokenRole.TOKEN_ROLE_MANAGEMENT)) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "namespace: invalid namespace '" + request.getNamespace() + "'",
          "namespace: use 1-63 lower-case letters, digits or '-'"));
    }
    if (request.getRole() == TokenRole.TOKEN_ROLE_UNSPECIFIED
        || request.getRole() == TokenRole.UNRECOGNIZED) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "role: must be read, submit, operate or management", "role: missing"));
    }
    String namespace = request.getRole() == TokenRole.TOKEN_ROLE_MANAGEMENT ? Namespaces.ALL
        : request.getNamespace();
    ApiTokens.Issued issued = ApiTokens.issue(namespace, request.getRole(),
        request.getDescription(), Envelopes.nowMicros());
    return storeThread.executeBlocking(() -> {
      store.save(issued.record());
      map.put(issued.record());
      return null;
    }).map(v -> {
      log.info("token {} created: namespace {}, role {}", issued.record().getId(), namespace,
          request.getRole());
      return CreateTokenResponse.newBuilder().setRecord(issued.record())
          .setToken(issued.token()).build();
    });
  }

  private Future<ListTokensResponse> list(ListTokensRequest request, Envelope envelope) {
    requireManagement(envelope);
    return vertx.executeBlocking(() -> {
      List<TokenRecord> records = map.all().stream()
          .filter(record -> request.getIncludeRevoked() || !record.getRevoked())
          .map(record -> record.toBuilder().clearSecretSha256().build())
          .sorted(Comparator.comparingLong(TokenRecord::getCreatedAtMicros)
              .thenComparing(TokenRecord::getId))
          .toList();
      return ListTokensResponse.newBuilder().addAllTokens(records).build();
    });
  }

  private Future<TokenRecord> revoke(RevokeTokenRequest request, Envelope envelope) {
    requireManagement(envelope);
    return storeThread.executeBlocking(() -> {
      TokenRecord held = map.get(request.getId()).orElseThrow(() -> new StatusException(
          StatusCode.STATUS_CODE_NOT_FOUND, "no token '" + request.getId() + "'"));
      TokenRecord revoked = held.getRevoked() ? held : held.toBuilder().setRevoked(true)
          .setRevokedAtMicros(Envelopes.nowMicros()).build();
      store.save(revoked);
      map.put(revoked);
      log.info("token {} revoked", revoked.getId());
      return revoked.toBuilder().clearSecretSha256().build();
    });
  }

  /**
   * Tokens are the management role's business: the API checks it, and so does the manager, on
   * the partner ids the request carries (WRP: partners that do not match get 403).
   */
  private static void requireManagement(Envelope envelope) {
    if (!envelope.getPartnerIdsList().contains(Namespaces.ALL)) {
      throw new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
          "only a management token may create, list or revoke tokens");
    }
  }

  @Override
  public void close() {
    try {
      AutoCloseable listener = following;
      if (listener != null) {
        listener.close();
      }
    } catch (Exception e) {
      log.warn("could not stop following the token map: {}", e.getMessage());
    }
    storeThread.close();
    store.close();
  }
}
