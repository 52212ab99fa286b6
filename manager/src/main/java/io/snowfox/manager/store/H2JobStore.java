package io.snowfox.manager.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.snowfox.protocol.v1.Job;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs in an embedded H2 database under the data dir ({@code <data-dir>/manager/jobs.mv.db}),
 * one row per job holding its protobuf bytes. Every save is committed and flushed before it
 * returns ({@code WRITE_DELAY=0}), so a manager killed right after acknowledging a job keeps it.
 */
public final class H2JobStore implements JobStore {

  private static final Logger log = LoggerFactory.getLogger(H2JobStore.class);

  private final Connection connection;

  private H2JobStore(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) the store of a data dir. */
  public static H2JobStore open(Path dataDir) {
    Path file = dataDir.resolve("manager").resolve("jobs").toAbsolutePath();
    String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    try {
      Connection connection = DriverManager.getConnection(url, "snowfox", "");
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE IF NOT EXISTS jobs ("
            + "id VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL, body VARBINARY NOT NULL)");
        ddl.execute("CREATE TABLE IF NOT EXISTS removed ("
            + "id VARCHAR(64) PRIMARY KEY, removed_at_micros BIGINT NOT NULL)");
      }
      log.info("job store at {}.mv.db", file);
      return new H2JobStore(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the job store at " + file + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void save(Job job) {
    try (PreparedStatement merge = connection.prepareStatement(
        "MERGE INTO jobs (id, version, body) KEY (id) VALUES (?, ?, ?)")) {
      merge.setString(1, job.getId());
      merge.setLong(2, job.getVersion());
      merge.setBytes(3, job.toByteArray());
      merge.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot save job " + job.getId() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized boolean saveIfNewer(Job job) {
    try (PreparedStatement update = connection.prepareStatement(
            "UPDATE jobs SET version = ?, body = ? WHERE id = ? AND version < ?");
        PreparedStatement known = connection.prepareStatement(
            "SELECT 1 FROM jobs WHERE id = ?")) {
      update.setLong(1, job.getVersion());
      update.setBytes(2, job.toByteArray());
      update.setString(3, job.getId());
      update.setLong(4, job.getVersion());
      if (update.executeUpdate() == 1) {
        return true;
      }
      known.setString(1, job.getId());
      try (ResultSet row = known.executeQuery()) {
        if (row.next()) {
          return false;
        }
      }
      if (removedIds().contains(job.getId())) {
        return false;
      }
      save(job);
      return true;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot save job " + job.getId() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void remove(String jobId, long removedAtMicros) {
    try (PreparedStatement tombstone = connection.prepareStatement(
            "MERGE INTO removed (id, removed_at_micros) KEY (id) VALUES (?, ?)");
        PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM jobs WHERE id = ?")) {
      tombstone.setString(1, jobId);
      tombstone.setLong(2, removedAtMicros);
      tombstone.executeUpdate();
      delete.setString(1, jobId);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot remove job " + jobId + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Set<String> removedIds() {
    Set<String> ids = new HashSet<>();
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT id FROM removed")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list removed jobs: " + e.getMessage(), e);
    }
    return ids;
  }

  @Override
  public synchronized int forgetRemovedBefore(long micros) {
    try (PreparedStatement forget = connection.prepareStatement(
        "DELETE FROM removed WHERE removed_at_micros < ?")) {
      forget.setLong(1, micros);
      return forget.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot forget removed jobs: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<Job> loadAll() {
    List<Job> jobs = new ArrayList<>();
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT id, body FROM jobs ORDER BY id")) {
      while (rows.next()) {
        try {
          jobs.add(Job.parseFrom(rows.getBytes(2)));
        } catch (InvalidProtocolBufferException e) {
          log.error("job {} in the store is unreadable; skipped: {}", rows.getString(1),
              e.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load jobs: " + e.getMessage(), e);
    }
    return jobs;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("closing the job store: {}", e.getMessage());
    }
  }
}
