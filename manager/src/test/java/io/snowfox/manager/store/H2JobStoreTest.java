package io.snowfox.manager.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2JobStoreTest {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(
      H2JobStoreTest.class);

  @TempDir
  Path dataDir;

  private static Job job(String id, long version, JobState state) {
    return Job.newBuilder()
        .setId(id)
        .setVersion(version)
        .setState(state)
        .setSpec(JobSpec.newBuilder().setName("web").setCommand("/bin/sleep").addArgs("30")
            .putEnv("PORT", "8080"))
        .addInstances(Instance.newBuilder().setIndex(0)
            .setState(InstanceState.INSTANCE_STATE_RUNNING).setNodeId("node-1").setPid(4242)
            .setRunId(id + ".0.0"))
        .setSubmittedAtMicros(1_700_000_000_000_000L)
        .setCorrelationId("cid-" + id)
        .build();
  }

  @Test
  void aNewStoreIsEmpty() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      assertThat(store.loadAll()).isEmpty();
    }
  }

  @Test
  void savedJobsLoadBackWhole() {
    Job second = job("job-b", 1, JobState.JOB_STATE_PENDING);
    Job first = job("job-a", 3, JobState.JOB_STATE_RUNNING);

    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(second);
      store.save(first);

      assertThat(store.loadAll()).containsExactly(first, second);
    }
  }

  @Test
  void savingAJobAgainReplacesIt() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(job("job-a", 1, JobState.JOB_STATE_RUNNING));
      Job stopped = job("job-a", 2, JobState.JOB_STATE_STOPPED).toBuilder()
          .setStopRequested(true).build();
      store.save(stopped);

      assertThat(store.loadAll()).containsExactly(stopped);
    }
  }

  @Test
  void jobsSurviveAReopen() {
    Job job = job("job-a", 7, JobState.JOB_STATE_RUNNING);
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(job);
    }

    try (H2JobStore reopened = H2JobStore.open(dataDir)) {
      assertThat(reopened.loadAll()).containsExactly(job);
    }
    assertThat(dataDir.resolve("manager").resolve("jobs.mv.db")).isRegularFile();
  }

  @Test
  void onlyALaterVersionReplacesAStoredJob() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      Job second = job("job-a", 2, JobState.JOB_STATE_RUNNING);

      assertThat(store.saveIfNewer(second)).as("not stored yet").isTrue();
      assertThat(store.saveIfNewer(job("job-a", 1, JobState.JOB_STATE_PENDING))).isFalse();
      assertThat(store.saveIfNewer(job("job-a", 2, JobState.JOB_STATE_FAILED))).isFalse();
      assertThat(store.loadAll()).containsExactly(second);

      Job third = job("job-a", 3, JobState.JOB_STATE_COMPLETE);
      assertThat(store.saveIfNewer(third)).isTrue();
      assertThat(store.loadAll()).containsExactly(third);
    }
  }

  @Test
  void aRemovedJobIsGoneAlsoAfterAReopenAndNoLaterCopyBringsItBack() {
    Job kept = job("job-a", 1, JobState.JOB_STATE_RUNNING);
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(kept);
      store.save(job("job-b", 4, JobState.JOB_STATE_COMPLETE));

      store.remove("job-b", 1_000L);
      store.remove("never-stored", 2_000L);

      assertThat(store.loadAll()).containsExactly(kept);
      assertThat(store.saveIfNewer(job("job-b", 9, JobState.JOB_STATE_RUNNING)))
          .as("a copy of a removed job").isFalse();
    }
    try (H2JobStore reopened = H2JobStore.open(dataDir)) {
      assertThat(reopened.loadAll()).containsExactly(kept);
      assertThat(reopened.removedIds()).containsExactlyInAnyOrder("job-b", "never-stored");
    }
  }

  /**
   * A manager out of line keeps no copies: its jobs go, without tombstones (a copy of them saved
   * later is taken), and the store still knows the newest leader epoch and every removal.
   */
  @Test
  void droppedJobsLeaveNoTombstoneAndTheNewestEpochIsRemembered() {
    Job later = job("job-a", 2, JobState.JOB_STATE_RUNNING).toBuilder().setLeaderEpoch(7)
        .build();
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(job("job-b", 1, JobState.JOB_STATE_COMPLETE));
      store.save(later);
      store.remove("job-c", 1_000L);

      assertThat(store.dropJobs()).isEqualTo(2);

      assertThat(store.loadAll()).isEmpty();
      assertThat(store.removedIds()).containsExactly("job-c");
    }
    try (H2JobStore reopened = H2JobStore.open(dataDir)) {
      assertThat(reopened.newestEpoch()).isEqualTo(7);
      assertThat(reopened.removedIds()).containsExactly("job-c");
      assertThat(reopened.saveIfNewer(later)).as("a copy of a dropped job").isTrue();
    }
  }

  /**
   * What a standby offers the leader when the cluster map lost jobs: the ids it holds, then those
   * jobs whole; a removed job is neither held nor offered, and is known as removed.
   */
  @Test
  void theJobsOfSomeIdsLoadAndRemovedOnesAreKnownAsRemoved() {
    Job a = job("job-a", 2, JobState.JOB_STATE_RUNNING);
    Job c = job("job-c", 1, JobState.JOB_STATE_PENDING);
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(a);
      store.save(job("job-b", 1, JobState.JOB_STATE_COMPLETE));
      store.save(c);
      store.remove("job-b", 1_000L);

      assertThat(store.ids()).containsExactlyInAnyOrder("job-a", "job-c");
      assertThat(store.load(List.of("job-c", "job-b", "unknown", "job-a")))
          .containsExactly(c, a);
      assertThat(store.removedAmong(List.of("job-a", "job-b", "unknown")))
          .containsExactly("job-b");
    }
  }

  @Test
  void oldRemovalsAreForgotten() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.remove("old", 1_000L);
      store.remove("recent", 5_000L);

      assertThat(store.forgetRemovedBefore(2_000L)).isEqualTo(1);

      assertThat(store.removedIds()).containsExactly("recent");
    }
  }

  @Test
  void aBatchIsWrittenWholeOrNotAtAll() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      Job kept = job("job-a", 1, JobState.JOB_STATE_RUNNING);
      store.save(kept);
      String tooLong = "x".repeat(65);

      assertThatThrownBy(() -> store.write(List.of(
          new JobWrite.Save(job("job-a", 2, JobState.JOB_STATE_COMPLETE)),
          new JobWrite.Save(job("job-b", 1, JobState.JOB_STATE_PENDING)),
          new JobWrite.Save(job(tooLong, 1, JobState.JOB_STATE_PENDING)))))
          .isInstanceOf(IllegalStateException.class);

      assertThat(store.loadAll()).containsExactly(kept);
      Job next = job("job-b", 1, JobState.JOB_STATE_PENDING);
      store.save(next);
      assertThat(store.loadAll()).containsExactly(kept, next);
    }
  }

  @Test
  void theWritesOfABatchApplyInOrder() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      Job stays = job("job-b", 2, JobState.JOB_STATE_RUNNING);

      int changed = store.write(List.of(
          new JobWrite.Save(job("job-a", 1, JobState.JOB_STATE_RUNNING)),
          new JobWrite.Remove("job-a", 1_000L),
          new JobWrite.SaveIfNewer(job("job-a", 5, JobState.JOB_STATE_RUNNING)),
          new JobWrite.Save(job("job-b", 1, JobState.JOB_STATE_PENDING)),
          new JobWrite.Save(stays),
          new JobWrite.SaveIfNewer(job("job-b", 1, JobState.JOB_STATE_PENDING))));

      assertThat(changed).as("all but the copies").isEqualTo(4);
      assertThat(store.loadAll()).containsExactly(stays);
      assertThat(store.removedIds()).containsExactly("job-a");
    }
  }

  /**
   * The file's growth per job, as a busy manager writes it: 1000 {@code /bin/true} jobs saved
   * four times each (pending, starting, running, complete), eight jobs in flight, committed in
   * batches of eight writes. Measured while the store is open, as a node that does not stop
   * sees it; within the 45 s for which H2 keeps old chunks, every chunk written counts.
   */
  @Test
  void aJobCostsAFewKibibytesOfFileWhenWritesAreBatched() {
    int jobs = 1000;
    int batch = 8;
    long bytes;
    long took = System.nanoTime();
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      List<JobWrite> pending = new ArrayList<>();
      // Step s of job j is write number 4 (j + 2 s) + s: eight jobs overlap.
      for (int w = 0; w < 4 * (jobs + 6); w++) {
        int step = w % 4;
        int j = w / 4 - 2 * step;
        if (j >= 0 && j < jobs) {
          pending.add(new JobWrite.Save(lifeOf(j, step)));
        }
        if (pending.size() == batch) {
          store.write(pending);
          pending.clear();
        }
      }
      store.write(pending);
      bytes = size(dataDir.resolve("manager").resolve("jobs.mv.db"));
      assertThat(store.loadAll()).hasSize(jobs);
    }
    took = System.nanoTime() - took;
    log.info("job store: {} bytes per job ({} jobs, 4 writes each, batches of {}), {} us per "
        + "job", bytes / jobs, jobs, batch, took / 1000 / jobs);
    assertThat(bytes / jobs).isLessThanOrEqualTo(4096);
  }

  /** A {@code /bin/true} job at step 0 (pending), 1 (starting), 2 (running) or 3 (complete). */
  private static Job lifeOf(int index, int step) {
    String id = "true-" + Integer.toHexString(0x10000000 + index * 7919);
    Instance.Builder instance = Instance.newBuilder().setIndex(0)
        .setState(List.of(InstanceState.INSTANCE_STATE_PENDING,
            InstanceState.INSTANCE_STATE_STARTING, InstanceState.INSTANCE_STATE_RUNNING,
            InstanceState.INSTANCE_STATE_EXITED).get(step));
    if (step > 0) {
      instance.setNodeId("node-0123456789abcdef").setRunId(id + ".0.0")
          .setStartedAtMicros(1_800_000_000_000_000L);
    }
    if (step > 1) {
      instance.setPid(100_000 + index);
    }
    return Job.newBuilder().setId(id).setVersion(step + 1)
        .setSpec(JobSpec.newBuilder().setName("true").setCommand("/bin/true").setInstances(1)
            .setWorkdir("/").setNamespace("default").setKillTimeoutMillis(10_000)
            .setRestart(RestartPolicy.newBuilder().setMode(RestartMode.RESTART_MODE_NEVER)
                .setBackoffMillis(1_000).setMaxBackoffMillis(60_000)))
        .addInstances(instance)
        .setSubmittedAtMicros(1_800_000_000_000_000L)
        .setCorrelationId("c0ffee00-1234-5678-9abc-def012345678")
        .setState(step == 3 ? JobState.JOB_STATE_COMPLETE : JobState.JOB_STATE_PENDING)
        .build();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aSaveOfAnOlderLeaderEpochIsRefusedAndChangesNothing() {
    Job byEpoch2 = job("job-a", 5, JobState.JOB_STATE_RUNNING).toBuilder().setLeaderEpoch(2)
        .build();
    Job deposed = byEpoch2.toBuilder().setLeaderEpoch(1).setVersion(9).build();

    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(byEpoch2);
      assertThatThrownBy(() -> store.save(deposed)).isInstanceOf(StaleEpochException.class)
          .hasMessageContaining("fenced").hasMessageContaining("epoch 1")
          .hasMessageContaining("seen epoch 2");
      assertThat(store.loadAll()).containsExactly(byEpoch2);
    }
  }

  @Test
  void theNewestEpochIsRememberedAcrossARestart() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      assertThat(store.newestEpoch()).isZero();
      store.raiseEpoch(7);
      store.raiseEpoch(3);
      assertThat(store.newestEpoch()).isEqualTo(7);
    }
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      assertThat(store.newestEpoch()).isEqualTo(7);
      assertThatThrownBy(() -> store.save(job("job-a", 1, JobState.JOB_STATE_PENDING)
          .toBuilder().setLeaderEpoch(6).build())).isInstanceOf(StaleEpochException.class);
    }
  }

  @Test
  void aCopyOfALaterEpochWinsOverMoreVersionsOfAnOlderOne() {
    Job deposedLeaders = job("job-a", 40, JobState.JOB_STATE_RUNNING).toBuilder()
        .setLeaderEpoch(3).build();
    Job successors = job("job-a", 12, JobState.JOB_STATE_COMPLETE).toBuilder()
        .setLeaderEpoch(4).build();

    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.save(deposedLeaders);
      assertThat(store.saveIfNewer(successors)).isTrue();
      assertThat(store.saveIfNewer(deposedLeaders)).isFalse();
      assertThat(store.loadAll()).containsExactly(successors);
    }
  }

  /**
   * What a manager that starts standing by offers the leader: the jobs its store holds that the
   * cluster map lacks, or holds in an older version (epoch first, then version); not those the
   * map holds as stored or newer.
   */
  @Test
  void theJobsAheadOfAnotherCopyAreThoseItLacksOrHoldsOlder() {
    Job same = job("job-a", 3, JobState.JOB_STATE_RUNNING);
    Job laterVersion = job("job-b", 5, JobState.JOB_STATE_COMPLETE);
    Job laterEpoch = job("job-c", 2, JobState.JOB_STATE_STOPPED).toBuilder().setLeaderEpoch(4)
        .build();
    Job olderHere = job("job-d", 1, JobState.JOB_STATE_PENDING);
    Job onlyHere = job("job-e", 1, JobState.JOB_STATE_PENDING);
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      for (Job job : List.of(same, laterVersion, olderHere, onlyHere, laterEpoch)) {
        store.save(job);
      }
      java.util.Map<String, Job> map = java.util.Map.of(
          "job-a", same,
          "job-b", job("job-b", 4, JobState.JOB_STATE_RUNNING),
          "job-c", job("job-c", 9, JobState.JOB_STATE_RUNNING).toBuilder().setLeaderEpoch(3)
              .build(),
          "job-d", job("job-d", 2, JobState.JOB_STATE_RUNNING),
          "job-z", job("job-z", 1, JobState.JOB_STATE_PENDING));

      assertThat(store.aheadOf(map)).containsExactly(laterVersion, laterEpoch, onlyHere);
      assertThat(store.aheadOf(java.util.Map.of())).hasSize(5);
    }
  }
}
