package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobTableTest {

  /**
   * A job whose instances are {@code "STATE@node"} (or {@code "PENDING"}), with the state
   * {@link Jobs} derives and, when done, the given end time.
   */
  private static Job job(String id, long endedAtMicros, String... instances) {
    Job.Builder job = Job.newBuilder().setId(id);
    int index = 0;
    for (String instance : instances) {
      String[] stateAndNode = instance.split("@");
      job.addInstances(Instance.newBuilder().setIndex(index++)
          .setState(InstanceState.valueOf("INSTANCE_STATE_" + stateAndNode[0]))
          .setNodeId(stateAndNode.length > 1 ? stateAndNode[1] : ""));
    }
    Job built = job.build();
    Job.Builder derived = built.toBuilder().setState(Jobs.state(built));
    if (Jobs.isDone(built)) {
      derived.setEndedAtMicros(endedAtMicros);
    }
    return derived.build();
  }

  private static Job running(String id, String... instances) {
    return job(id, 0, instances);
  }

  @Test
  void onlyJobsNotDoneAreActive() {
    JobTable table = new JobTable();
    table.put(running("waiting", "PENDING"));
    table.put(running("running", "RUNNING@a", "EXITED@a"));
    table.put(job("complete", 10, "EXITED@a"));
    table.put(job("failed", 20, "FAILED@b"));

    assertThat(table.active()).extracting(Job::getId).containsExactly("waiting", "running");
    assertThat(table.size()).isEqualTo(4);
  }

  @Test
  void aJobThatEndsLeavesTheActiveJobsAndJoinsTheEndedOnes() {
    JobTable table = new JobTable();
    table.put(running("job", "RUNNING@a"));

    Job ended = job("job", 50, "EXITED@a");
    table.put(ended);

    assertThat(table.active()).isEmpty();
    assertThat(table.endedBy(50, 10)).containsExactly(ended);
    assertThat(table.get("job")).isEqualTo(ended);
  }

  @Test
  void endedJobsComeOldestFirstUpToTheTimeAndTheLimit() {
    JobTable table = new JobTable();
    table.put(job("third", 300, "EXITED@a"));
    table.put(job("first", 100, "EXITED@a"));
    table.put(job("later", 900, "FAILED@a"));
    table.put(job("second", 200, "KILLED@a"));
    table.put(running("running", "RUNNING@a"));

    assertThat(table.endedBy(300, 10)).extracting(Job::getId)
        .containsExactly("first", "second", "third");
    assertThat(table.endedBy(300, 2)).extracting(Job::getId).containsExactly("first", "second");
    assertThat(table.endedBy(99, 10)).isEmpty();
  }

  @Test
  void aRemovedJobIsGoneFromEveryIndex() {
    JobTable table = new JobTable();
    Job ended = job("ended", 100, "EXITED@a");
    table.put(ended);
    table.put(running("running", "RUNNING@a"));

    assertThat(table.remove("ended", ended)).isTrue();
    assertThat(table.remove("running")).isNotNull();

    assertThat(table.get("ended")).isNull();
    assertThat(table.endedBy(Long.MAX_VALUE, 10)).isEmpty();
    assertThat(table.active()).isEmpty();
    assertThat(table.withState(JobState.JOB_STATE_RUNNING)).isEmpty();
    assertThat(table.load()).isEmpty();
  }

  @Test
  void aJobChangedMeanwhileIsNotRemoved() {
    JobTable table = new JobTable();
    Job seen = job("job", 100, "EXITED@a");
    table.put(seen);
    Job newer = seen.toBuilder().setVersion(seen.getVersion() + 1).build();
    table.put(newer);

    assertThat(table.remove("job", seen)).isFalse();
    assertThat(table.get("job")).isEqualTo(newer);
    assertThat(table.putIfAbsent(seen)).isEqualTo(newer);
  }

  @Test
  void loadCountsOnlyInstancesPlacedAndNotEnded() {
    JobTable table = new JobTable();
    table.put(running("web", "RUNNING@a", "STARTING@a", "STOPPING@b", "PENDING", "EXITED@b"));
    table.put(job("old", 100, "EXITED@a", "FAILED@b", "LOST@c"));

    assertThat(table.load()).isEqualTo(Map.of("a", new JobTable.NodeLoad(2, 0, 0),
        "b", new JobTable.NodeLoad(1, 0, 0)));
  }

  @Test
  void loadAddsUpWhatTheInstancesReserve() {
    JobTable table = new JobTable();
    Job web = running("web", "RUNNING@a", "STARTING@a", "RUNNING@b");
    table.put(web.toBuilder().setSpec(web.getSpec().toBuilder().setResources(
        io.snowfox.protocol.v1.Resources.newBuilder().setCpu(0.5).setMemoryMb(256))).build());
    Job db = running("db", "RUNNING@a");
    table.put(db.toBuilder().setSpec(db.getSpec().toBuilder().setResources(
        io.snowfox.protocol.v1.Resources.newBuilder().setCpu(2).setMemoryMb(1024))).build());

    assertThat(table.load()).isEqualTo(Map.of("a", new JobTable.NodeLoad(3, 3.0, 1536),
        "b", new JobTable.NodeLoad(1, 0.5, 256)));

    table.remove("db");
    assertThat(table.load().get("a")).isEqualTo(new JobTable.NodeLoad(2, 1.0, 512));
  }

  @Test
  void loadFollowsTransitions() {
    JobTable table = new JobTable();
    table.put(running("web", "STARTING@a", "STARTING@b"));
    table.put(running("web", "RUNNING@a", "FAILED@b", "PENDING"));
    assertThat(table.load()).isEqualTo(Map.of("a", new JobTable.NodeLoad(1, 0, 0)));

    table.put(job("web", 100, "EXITED@a", "FAILED@b", "KILLED@c"));
    assertThat(table.load()).isEmpty();
  }

  @Test
  void aStateFilterSelectsFromThatState() {
    JobTable table = new JobTable();
    table.put(running("running", "RUNNING@a"));
    table.put(running("pending", "PENDING"));
    table.put(job("complete", 100, "EXITED@a"));

    assertThat(table.withState(JobState.JOB_STATE_RUNNING)).extracting(Job::getId)
        .containsExactly("running");
    assertThat(table.withState(JobState.JOB_STATE_COMPLETE)).extracting(Job::getId)
        .containsExactly("complete");

    table.put(job("running", 200, "EXITED@a"));
    assertThat(table.withState(JobState.JOB_STATE_RUNNING)).isEmpty();
    assertThat(table.withState(JobState.JOB_STATE_COMPLETE)).extracting(Job::getId)
        .containsExactlyInAnyOrder("complete", "running");
    assertThat(table.withState(JobState.JOB_STATE_UNSPECIFIED)).hasSize(3);
  }

  @Test
  void aJobIsListedOnceInTheStateItIsInNowAndNoLongerOnceRemoved() {
    JobTable table = new JobTable();
    table.put(running("first", "RUNNING@a").toBuilder().setSubmittedAtMicros(1).build());
    table.put(running("second", "RUNNING@a").toBuilder().setSubmittedAtMicros(2).build());
    table.put(running("third", "PENDING").toBuilder().setSubmittedAtMicros(3).build());

    table.put(job("first", 100, "EXITED@a").toBuilder().setSubmittedAtMicros(1).build());
    table.remove("third");

    assertThat(table.listed(JobState.JOB_STATE_UNSPECIFIED, job -> true, null, false, 10))
        .extracting(Job::getId).containsExactly("first", "second");
    assertThat(table.listed(JobState.JOB_STATE_RUNNING, job -> true, null, true, 10))
        .extracting(Job::getId).containsExactly("second");
    assertThat(table.listed(JobState.JOB_STATE_UNSPECIFIED, job -> true,
        new JobTable.Place(1, "first"), false, 10)).extracting(Job::getId)
        .containsExactly("second");
  }

  @Test
  void theFewJobsOfAStateAreListedInTheSameOrderFromTheSamePlace() {
    JobTable table = new JobTable();
    for (int i = 0; i < 20; i++) {
      table.put(job("done-" + i, 100, "EXITED@a").toBuilder().setSubmittedAtMicros(i).build());
    }
    table.put(running("r-late", "RUNNING@a").toBuilder().setSubmittedAtMicros(30).build());
    table.put(running("r-early", "RUNNING@a").toBuilder().setSubmittedAtMicros(5).build());
    table.put(running("r-mid", "RUNNING@a").toBuilder().setSubmittedAtMicros(10).build());

    assertThat(table.listed(JobState.JOB_STATE_RUNNING, job -> true, null, false, 10))
        .extracting(Job::getId).containsExactly("r-early", "r-mid", "r-late");
    assertThat(table.listed(JobState.JOB_STATE_RUNNING, job -> true,
        new JobTable.Place(10, "r-mid"), true, 10)).extracting(Job::getId)
        .containsExactly("r-early");
    assertThat(table.listed(JobState.JOB_STATE_RUNNING, job -> !job.getId().equals("r-mid"),
        null, true, 1)).extracting(Job::getId).containsExactly("r-late");
  }
}
