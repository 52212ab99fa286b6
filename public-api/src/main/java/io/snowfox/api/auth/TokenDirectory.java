package io.snowfox.api.auth;

import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.TokenRecord;
import io.snowfox.protocol.v1.TokenRole;
import io.snowfox.runtime.security.ApiTokens;
import io.snowfox.runtime.security.ManagementToken;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.runtime.security.TokenMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's copy of the cluster's token records, kept current by the map's events: a request
 * is authenticated without a round trip, and a revocation made on any node reaches every API
 * as soon as the map tells it (milliseconds on a healthy cluster).
 *
 * <p>On start it also puts this node's management token (from the data dir, made on the
 * node's first start) in the map, so that the local operator's CLI works on every node.
 */
public final class TokenDirectory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TokenDirectory.class);

  private final Map<String, TokenRecord> records = new ConcurrentHashMap<>();
  private volatile AutoCloseable following;

  /** Registers the node's management token, then loads and follows the map (blocking). */
  public static Future<TokenDirectory> start(Vertx vertx, TokenMap map, Path dataDir,
      String nodeId) {
    return vertx.executeBlocking(() -> {
      TokenDirectory directory = new TokenDirectory();
      directory.following = map.listen(directory::learn);
      String token = ManagementToken.ensure(dataDir, nodeId);
      TokenRecord management = ApiTokens.recordOf(token, Namespaces.ALL,
              TokenRole.TOKEN_ROLE_MANAGEMENT, "management token of node " + nodeId,
              Envelopes.nowMicros())
          .orElseThrow(() -> new IllegalStateException("unreadable management token"));
      TokenRecord held = map.get(management.getId()).orElse(null);
      if (held == null || !held.getSecretSha256().equals(management.getSecretSha256())) {
        map.put(management);
      }
      map.all().forEach(directory::learn);
      log.info("{} token(s) known; management token of this node in {}",
          directory.records.size(), ManagementToken.file(dataDir));
      return directory;
    });
  }

  /** A directory of fixed records, following nothing: for tests and tools. */
  public static TokenDirectory of(java.util.Collection<TokenRecord> known) {
    TokenDirectory directory = new TokenDirectory();
    known.forEach(directory::learn);
    return directory;
  }

  private void learn(TokenRecord record) {
    records.merge(record.getId(), record, (held, offered) ->
        held.getRevoked() && !offered.getRevoked() ? held : offered);
  }

  /** Who presents {@code authorization} (an HTTP Authorization header), if anyone valid. */
  public Optional<Access> authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return ApiTokens.parse(authorization.substring(7)).flatMap(presented -> {
      TokenRecord record = records.get(presented.id());
      if (record == null || !ApiTokens.verifies(record, presented)) {
        return Optional.empty();
      }
      return Optional.of(new Access(record.getId(), record.getNamespace(), record.getRole()));
    });
  }

  @Override
  public void close() throws Exception {
    AutoCloseable listener = following;
    if (listener != null) {
      listener.close();
    }
  }
}
