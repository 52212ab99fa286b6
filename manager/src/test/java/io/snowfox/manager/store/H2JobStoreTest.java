package io.snowfox.manager.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2JobStoreTest {

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

  @Test
  void oldRemovalsAreForgotten() {
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      store.remove("old", 1_000L);
      store.remove("recent", 5_000L);

      assertThat(store.forgetRemovedBefore(2_000L)).isEqualTo(1);

      assertThat(store.removedIds()).containsExactly("recent");
    }
  }
}
