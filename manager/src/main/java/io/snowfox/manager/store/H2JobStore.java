package io.snowfox.manager.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.snowfox.manager.jobs.Jobs;
import io.snowfox.protocol.v1.Job;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs in an embedded H2 database under the data dir ({@code <data-dir>/manager/jobs.mv.db}),
 * one row per job holding its protobuf bytes.
 *
 * <p>Durability: {@code WRITE_DELAY=0}. H2's MVStore then has no background writer, and the
 * commit of every transaction that changed something stores a new chunk in the file before it
 * returns ({@code TransactionStore.commit} calls {@code MVStore.commit()} when the auto-commit
 * delay is 0; 2.3.232). The chunk is written, not forced to the device: a process killed
 * with {@code kill -9} loses nothing committed (the kernel holds the write), a power cut may.
 *
 * <p>Size: each stored chunk is whole 4 KiB blocks holding every page changed on the way to
 * each map's root (the table, its index, the undo log, the layout), about 17 KiB however little
 * changed, and old chunks are kept 45 s ({@code RETENTION_TIME}) before their space is reused.
 * One commit per write made the file grow ~68 KiB per job (four writes). {@link #write} takes a
 * batch in one transaction, which shares the chunk: ~7.7 KiB per job in batches of eight.
 * {@code COMPRESS=TRUE} (LZF; H2: "Compress data when storing", no caveat) halves each chunk:
 * ~3.4 KiB per job, for about the same CPU ({@code H2JobStoreTest}). Left at their defaults, as
 * H2's documentation warns: {@code RETENTION_TIME} ("Using a lower value might be dangerous,
 * unless the file system and hard disk flush the buffers earlier") and {@code WRITE_DELAY}
 * (above 0, a commit returns before its chunk is written). With no background writer there is
 * no auto-compaction; H2 compacts on close, for up to {@code MAX_COMPACT_TIME} (200 ms).
 */
public final class H2JobStore implements JobStore {

  private static final Logger log = LoggerFactory.getLogger(H2JobStore.class);

  private final Connection connection;
  private final PreparedStatement merge;
  private final PreparedStatement updateIfNewer;
  private final PreparedStatement known;
  private final PreparedStatement removedOne;
  private final PreparedStatement tombstone;
  private final PreparedStatement delete;
  /**
   * The newest leader epoch this store has seen, in a job or from {@link #raiseEpoch}: a save of
   * an older epoch (a deposed leader's) is refused.
   */
  private long newestEpoch;

  private H2JobStore(Connection connection) throws SQLException {
    this.connection = connection;
    this.merge = connection.prepareStatement(
        "MERGE INTO jobs (id, version, epoch, body) KEY (id) VALUES (?, ?, ?, ?)");
    // Newer: a later leader epoch, or the same epoch and a higher version.
    this.updateIfNewer = connection.prepareStatement("UPDATE jobs SET version = ?, epoch = ?, "
        + "body = ? WHERE id = ? AND (epoch < ? OR (epoch = ? AND version < ?))");
    this.known = connection.prepareStatement("SELECT 1 FROM jobs WHERE id = ?");
    this.removedOne = connection.prepareStatement("SELECT 1 FROM removed WHERE id = ?");
    this.tombstone = connection.prepareStatement(
        "MERGE INTO removed (id, removed_at_micros) KEY (id) VALUES (?, ?)");
    this.delete = connection.prepareStatement("DELETE FROM jobs WHERE id = ?");
    try (Statement query = connection.createStatement();
        ResultSet row = query.executeQuery("SELECT GREATEST(COALESCE((SELECT MAX(epoch) FROM "
            + "jobs), 0), COALESCE((SELECT num FROM meta WHERE name = 'leader_epoch'), 0))")) {
      row.next();
      this.newestEpoch = row.getLong(1);
    }
  }

  /** Opens (creating if needed) the store of a data dir. */
  public static H2JobStore open(Path dataDir) {
    Path file = dataDir.resolve("manager").resolve("jobs").toAbsolutePath();
    String url = "jdbc:h2:file:" + file + ";WRITE_DELAY=0;COMPRESS=TRUE;DB_CLOSE_ON_EXIT=FALSE";
    try {
      Connection connection = DriverManager.getConnection(url, "snowfox", "");
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE IF NOT EXISTS jobs ("
            + "id VARCHAR(64) PRIMARY KEY, version BIGINT NOT NULL, body VARBINARY NOT NULL)");
        // Added for leader epochs; a store from before them holds epoch 0 everywhere.
        ddl.execute("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS epoch BIGINT DEFAULT 0 NOT NULL");
        ddl.execute("CREATE TABLE IF NOT EXISTS meta ("
            + "name VARCHAR(64) PRIMARY KEY, num BIGINT NOT NULL)");
        ddl.execute("CREATE TABLE IF NOT EXISTS removed ("
            + "id VARCHAR(64) PRIMARY KEY, removed_at_micros BIGINT NOT NULL)");
        // Old removals are forgotten every 10 s: by the index, not a scan of a day of them.
        ddl.execute("CREATE INDEX IF NOT EXISTS removed_by_time ON removed (removed_at_micros)");
      }
      log.info("job store at {}.mv.db", file);
      return new H2JobStore(connection);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the job store at " + file + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized int write(List<JobWrite> writes) {
    try {
      connection.setAutoCommit(false);
      int changed = 0;
      long epoch = newestEpoch;
      for (JobWrite write : writes) {
        if (write instanceof JobWrite.Save save && save.job().getLeaderEpoch() < newestEpoch) {
          throw new StaleEpochException("fenced: a save of job " + save.jobId() + " by leader "
              + "epoch " + save.job().getLeaderEpoch() + " refused; this store has seen epoch "
              + newestEpoch);
        }
        changed += apply(write) ? 1 : 0;
        if (!(write instanceof JobWrite.Remove)) {
          epoch = Math.max(epoch, ((write instanceof JobWrite.Save save) ? save.job()
              : ((JobWrite.SaveIfNewer) write).job()).getLeaderEpoch());
        }
      }
      connection.commit();
      newestEpoch = epoch;
      return changed;
    } catch (StaleEpochException e) {
      rollback();
      throw e;
    } catch (SQLException | RuntimeException e) {
      rollback();
      throw new IllegalStateException("cannot write " + writes.size() + " job change(s): "
          + e.getMessage(), e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        log.warn("job store: cannot go back to auto-commit: {}", e.getMessage());
      }
    }
  }

  private boolean apply(JobWrite write) throws SQLException {
    if (write instanceof JobWrite.Save save) {
      merge.setString(1, save.jobId());
      merge.setLong(2, save.job().getVersion());
      merge.setLong(3, save.job().getLeaderEpoch());
      merge.setBytes(4, save.job().toByteArray());
      merge.executeUpdate();
      return true;
    }
    if (write instanceof JobWrite.SaveIfNewer copy) {
      Job job = copy.job();
      updateIfNewer.setLong(1, job.getVersion());
      updateIfNewer.setLong(2, job.getLeaderEpoch());
      updateIfNewer.setBytes(3, job.toByteArray());
      updateIfNewer.setString(4, job.getId());
      updateIfNewer.setLong(5, job.getLeaderEpoch());
      updateIfNewer.setLong(6, job.getLeaderEpoch());
      updateIfNewer.setLong(7, job.getVersion());
      if (updateIfNewer.executeUpdate() == 1) {
        return true;
      }
      if (exists(known, job.getId()) || exists(removedOne, job.getId())) {
        return false;
      }
      return apply(new JobWrite.Save(job));
    }
    JobWrite.Remove remove = (JobWrite.Remove) write;
    tombstone.setString(1, remove.jobId());
    tombstone.setLong(2, remove.removedAtMicros());
    tombstone.executeUpdate();
    delete.setString(1, remove.jobId());
    delete.executeUpdate();
    return true;
  }

  private static boolean exists(PreparedStatement query, String jobId) throws SQLException {
    query.setString(1, jobId);
    try (ResultSet row = query.executeQuery()) {
      return row.next();
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.warn("job store: rollback failed: {}", e.getMessage());
    }
  }

  @Override
  public synchronized long newestEpoch() {
    return newestEpoch;
  }

  @Override
  public synchronized void raiseEpoch(long epoch) {
    if (epoch <= newestEpoch) {
      return;
    }
    try (PreparedStatement raise = connection.prepareStatement(
        "MERGE INTO meta (name, num) KEY (name) VALUES ('leader_epoch', ?)")) {
      raise.setLong(1, epoch);
      raise.executeUpdate();
      newestEpoch = epoch;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot record leader epoch " + epoch + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public synchronized int dropJobs() {
    try (PreparedStatement remember = connection.prepareStatement(
            "MERGE INTO meta (name, num) KEY (name) VALUES ('leader_epoch', ?)");
        Statement drop = connection.createStatement()) {
      connection.setAutoCommit(false);
      remember.setLong(1, newestEpoch);
      remember.executeUpdate();
      int dropped = drop.executeUpdate("DELETE FROM jobs");
      connection.commit();
      return dropped;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException("cannot drop the jobs of this store: " + e.getMessage(), e);
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        log.warn("job store: cannot go back to auto-commit: {}", e.getMessage());
      }
    }
  }

  @Override
  public synchronized Set<String> removedIds() {
    return idsOf("removed");
  }

  /** Every id of a table ({@code jobs} or {@code removed}). */
  private Set<String> idsOf(String table) {
    Set<String> ids = new HashSet<>();
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT id FROM " + table)) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the ids of table " + table + ": "
          + e.getMessage(), e);
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
  public synchronized Set<String> ids() {
    return idsOf("jobs");
  }

  @Override
  public synchronized List<Job> aheadOf(Map<String, Job> others) {
    List<String> ahead = new ArrayList<>();
    try (Statement query = connection.createStatement();
        ResultSet rows = query.executeQuery("SELECT id, epoch, version FROM jobs ORDER BY id")) {
      while (rows.next()) {
        Job other = others.get(rows.getString(1));
        if (other == null || Jobs.newer(rows.getLong(2), rows.getLong(3), other)) {
          ahead.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot compare the stored jobs: " + e.getMessage(), e);
    }
    return load(ahead);
  }

  @Override
  public synchronized List<Job> load(Collection<String> ids) {
    List<Job> jobs = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT body FROM jobs WHERE id = ?")) {
      for (String id : ids) {
        query.setString(1, id);
        try (ResultSet row = query.executeQuery()) {
          if (row.next()) {
            jobs.add(Job.parseFrom(row.getBytes(1)));
          }
        } catch (InvalidProtocolBufferException e) {
          log.error("job {} in the store is unreadable; skipped: {}", id, e.getMessage());
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot load jobs: " + e.getMessage(), e);
    }
    return jobs;
  }

  @Override
  public synchronized Set<String> removedAmong(Collection<String> ids) {
    Set<String> removed = new HashSet<>();
    try {
      for (String id : ids) {
        if (exists(removedOne, id)) {
          removed.add(id);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot look up removed jobs: " + e.getMessage(), e);
    }
    return removed;
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
