package io.snowfox.spawner;

import io.snowfox.protocol.JobIds;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs of this node on disk ({@code <data-dir>/spawner/runs/<run-id>.json}), so that a
 * restarted spawner finds the processes it started and adopts them instead of losing track.
 * Blocking: call off the event loop.
 */
final class RunRecords {

  private static final Logger log = LoggerFactory.getLogger(RunRecords.class);

  private final Path dir;

  RunRecords(Path dataDir) {
    this.dir = dataDir.resolve("spawner").resolve("runs");
  }

  void save(Run run) {
    try {
      AtomicFiles.replace(record(run.runId), run.toJson().encode());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record run " + run.runId, e);
    }
  }

  void delete(String runId) {
    try {
      Files.deleteIfExists(record(runId));
    } catch (IOException e) {
      log.warn("cannot delete the record of run {}: {}", runId, e.getMessage());
    }
  }

  /** The record of a run; BAD_REQUEST when the run id would name a file elsewhere. */
  private Path record(String runId) {
    return DataPaths.under(dir, runId + ".json");
  }

  /** Every recorded run; unreadable records are logged and skipped. */
  List<Run> load() {
    List<Run> runs = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return runs;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
      for (Path file : files) {
        try {
          Run run = Run.fromJson(new JsonObject(Files.readString(file)), true);
          // Its ids name files again (output, this record): a record with others is not ours.
          JobIds.checkRunOf(run.runId, run.jobId, run.index);
          runs.add(run);
        } catch (IOException | RuntimeException e) {
          log.warn("skipping unreadable run record {}: {}", file, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("cannot list run records in {}: {}", dir, e.getMessage());
    }
    return runs;
  }
}
