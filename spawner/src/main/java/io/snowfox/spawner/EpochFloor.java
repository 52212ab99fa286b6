package io.snowfox.spawner;

import io.snowfox.runtime.cluster.LeaderEpoch;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest leader epoch this spawner has seen (its floor), kept in
 * {@code <data-dir>/spawner/leader-epoch.json} so that a restarted spawner never accepts an older
 * epoch again. The floor only grows, and the file is written before the floor is raised in
 * memory: an epoch this spawner acted on is never lost by a restart.
 *
 * <p>Thread-safe. {@link #current()} does not block; {@link #load()} and {@link #raise} do
 * (files): call them off the event loop.
 */
final class EpochFloor {

  /** The floor before any leader epoch was seen: only requests without an epoch pass. */
  static final LeaderEpoch NONE = new LeaderEpoch(0, "");

  private static final Logger log = LoggerFactory.getLogger(EpochFloor.class);

  private final Path file;
  private volatile LeaderEpoch floor = NONE;

  EpochFloor(Path dataDir) {
    this.file = dataDir.resolve("spawner").resolve("leader-epoch.json");
  }

  /** The newest leader epoch seen. */
  LeaderEpoch current() {
    return floor;
  }

  /**
   * Reads the floor a previous spawner left. An unreadable file is logged and read as no floor:
   * the cluster's leader record, read next, gives it back.
   */
  synchronized void load() {
    try {
      JsonObject saved = new JsonObject(Files.readString(file));
      LeaderEpoch found = new LeaderEpoch(saved.getLong("epoch"), saved.getString("node_id", ""));
      if (found.epoch() > floor.epoch()) {
        floor = found;
      }
      log.info("newest leader epoch seen before: {}", Fencing.describe(floor));
    } catch (NoSuchFileException e) {
      log.info("no leader epoch seen before ({} does not exist)", file);
    } catch (IOException | RuntimeException e) {
      log.warn("ignoring the unreadable leader epoch file {}: {}", file, e.toString());
    }
  }

  /**
   * Judges {@code seen} against the floor and, when it is newer, writes it down and makes it the
   * floor. Blocking.
   *
   * @return the verdict on {@code seen} against the floor as it was at this moment
   * @throws UncheckedIOException when the file cannot be written; the floor is then unchanged
   */
  synchronized Fencing.Verdict raise(LeaderEpoch seen) {
    Fencing.Verdict verdict = Fencing.judge(floor.epoch(), seen.epoch());
    if (verdict == Fencing.Verdict.RAISE) {
      try {
        AtomicFiles.replace(file, new JsonObject().put("epoch", seen.epoch())
            .put("node_id", seen.nodeId()).encode());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record leader epoch " + seen.epoch() + " in "
            + file, e);
      }
      log.info("leader epoch raised from {} to {}: older epochs are refused from now on",
          floor.epoch(), Fencing.describe(seen));
      floor = seen;
    }
    return verdict;
  }
}
