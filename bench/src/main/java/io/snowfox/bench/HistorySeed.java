package io.snowfox.bench;

import io.snowfox.manager.jobs.JobSpecs;
import io.snowfox.manager.jobs.Jobs;
import io.snowfox.manager.store.H2JobStore;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Ended jobs written straight into the manager's store of a data dir that no node uses yet, as
 * if a node had run them: submitting 100 000 jobs through the API would take half an hour, and
 * what is measured is a node that holds them, not how they got there.
 *
 * <p>Each job is what a {@code /bin/true} job looks like once complete: the spec with the
 * manager's defaults, namespace {@code default}, one instance exited 0 after one run, ended
 * within the last hour (inside the default 24 h retention, so the node keeps them all).
 */
final class HistorySeed {

  static final String NAME = "bench-history";
  /** Ends are spread over this span before the seeding, newest last. */
  static final Duration ENDED_WITHIN = Duration.ofHours(1);

  /** What was written: how many jobs, the last one's id, how long it took, the store's size. */
  record Seeded(int jobs, String lastId, Duration took, long storeBytes) {}

  private HistorySeed() {}

  /** Writes {@code count} complete jobs of node {@code nodeId} into {@code dataDir}'s store. */
  static Seeded write(Path dataDir, String nodeId, int count) throws java.io.IOException {
    long start = System.nanoTime();
    JobSpec spec = JobSpecs.withDefaults(JobSpec.newBuilder().setName(NAME)
        .setCommand(SnowfoxJobBench.TRUE).build());
    long now = Envelopes.nowMicros();
    long spread = TimeUnit.MICROSECONDS.convert(ENDED_WITHIN) / count;
    String lastId = "";
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      for (int i = 0; i < count; i++) {
        long submitted = now - TimeUnit.MICROSECONDS.convert(ENDED_WITHIN) + i * spread;
        Job job = complete(spec, String.format(Locale.ROOT, "%s-%08x", NAME, i), nodeId,
            submitted);
        store.save(job);
        lastId = job.getId();
        if ((i + 1) % 10_000 == 0) {
          BenchMain.say("history: " + (i + 1) + " ended jobs written");
        }
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    return new Seeded(count, lastId, took, DataDirs.bytes(dataDir.resolve("manager")));
  }

  /** A job submitted at {@code submittedMicros} whose one run took 5 ms and exited 0. */
  private static Job complete(JobSpec spec, String id, String nodeId, long submittedMicros) {
    long started = submittedMicros + 15_000;
    long ended = started + 5_000;
    Job job = Job.newBuilder()
        .setId(id)
        .setSpec(spec)
        .setSubmittedAtMicros(submittedMicros)
        .setCorrelationId(Envelopes.newId())
        // Accepted, starting, running, exited: the versions a real one reaches.
        .setVersion(4)
        .setEndedAtMicros(ended + 5_000)
        .addInstances(Instance.newBuilder()
            .setIndex(0)
            .setState(InstanceState.INSTANCE_STATE_EXITED)
            .setNodeId(nodeId)
            .setPid(100_000 + Math.floorMod(id.hashCode(), 100_000))
            .setExitCode(0)
            .setStartedAtMicros(started)
            .setEndedAtMicros(ended)
            .setRunId(id + ".0.0")
            .setStartAttempts(1))
        .build();
    return job.toBuilder().setState(Jobs.state(job)).setReason(Jobs.reason(job)).build();
  }
}
