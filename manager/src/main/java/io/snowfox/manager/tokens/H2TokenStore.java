package io.snowfox.manager.tokens;

import com.google.protobuf.InvalidProtocolBufferException;
import io.snowfox.protocol.v1.TokenRecord;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API token records in an embedded H2 database ({@code <data-dir>/manager/tokens.mv.db}): the
 * secret's hash, never the secret. Saves are committed before they return. A revoked record is
 * never replaced by one that is not.
 */
final class H2TokenStore implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(H2TokenStore.class);

  private final Connection connection;

  private H2TokenStore(Connection connection) {
    this.connection = connection;
  }

  static H2TokenStore open(Path dataDir) {
    Path file = dataDir.resolve("manager").resolve("tokens").toAbsolutePath();
    String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    try {
      Connection connection = DriverManager.getConnection(url, "snowfox", "");
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE IF NOT EXISTS tokens (id VARCHAR(64) PRIMARY KEY,"
            + " revoked BOOLEAN NOT NULL, body VARBINARY NOT NULL)");
      }
      return new H2TokenStore(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the token store at " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** Saves a record unless the store holds it revoked already. */
  synchronized void save(TokenRecord record) {
    try (PreparedStatement merge = connection.prepareStatement(
        "MERGE INTO tokens (id, revoked, body) KEY (id) SELECT ?, ?, ? FROM DUAL"
            + " WHERE NOT EXISTS (SELECT 1 FROM tokens WHERE id = ? AND revoked AND NOT ?)")) {
      merge.setString(1, record.getId());
      merge.setBoolean(2, record.getRevoked());
      merge.setBytes(3, record.toByteArray());
      merge.setString(4, record.getId());
      merge.setBoolean(5, record.getRevoked());
      merge.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot save token " + record.getId() + ": "
          + e.getMessage(), e);
    }
  }

  synchronized List<TokenRecord> loadAll() {
    List<TokenRecord> records = new ArrayList<>();
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT id, body FROM tokens ORDER BY id")) {
      while (rows.next()) {
        try {
          records.add(TokenRecord.parseFrom(rows.getBytes(2)));
        } catch (InvalidProtocolBufferException e) {
          log.error("token {} in the store is unreadable; skipped: {}", rows.getString(1),
              e.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load tokens: " + e.getMessage(), e);
    }
    return records;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the token store: {}", e.getMessage());
    }
  }
}
