package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobsTest {

  /** A job whose instances are in {@code states} ("RUNNING EXITED ..."), in index order. */
  private static Job job(String states, boolean stopRequested) {
    Job.Builder job = Job.newBuilder().setId("job-1").setStopRequested(stopRequested);
    int index = 0;
    for (String state : states.trim().split("\\s+")) {
      job.addInstances(Instance.newBuilder().setIndex(index++)
          .setState(InstanceState.valueOf("INSTANCE_STATE_" + state)));
    }
    return job.build();
  }

  @ParameterizedTest(name = "[{0}] stop requested {1} -> {2}")
  @CsvSource({
      // instances,               stop requested, job state
      "EXITED,                    false, COMPLETE",
      "EXITED EXITED EXITED,      false, COMPLETE",
      "EXITED FAILED EXITED,      false, FAILED",
      "EXITED KILLED,             false, FAILED",
      "LOST EXITED,               false, FAILED",
      "FAILED RUNNING,            false, RUNNING",
      "FAILED PENDING,            false, PENDING",
      "EXITED KILLED,             true,  STOPPED",
      "EXITED EXITED,             true,  STOPPED",
      "KILLED STOPPING,           true,  RUNNING",
      "PENDING,                   false, PENDING",
      "RUNNING STARTING,          false, PENDING",
      "RUNNING PENDING EXITED,    false, PENDING",
      "RUNNING,                   false, RUNNING",
      "RUNNING EXITED,            false, RUNNING",
      "RUNNING STOPPING,          false, RUNNING",
  })
  void jobStateFollowsItsInstances(String instances, boolean stopRequested, String expected) {
    assertThat(Jobs.state(job(instances, stopRequested)))
        .isEqualTo(JobState.valueOf("JOB_STATE_" + expected));
  }

  @ParameterizedTest(name = "{0} done: {1}")
  @CsvSource({
      "EXITED,         true",
      "FAILED,         true",
      "KILLED,         true",
      "RUNNING,        false",
      "PENDING,        false",
      "EXITED RUNNING, false",
  })
  void aJobIsDoneOnceNothingRunsOrWillRun(String instances, boolean done) {
    assertThat(Jobs.isDone(job(instances, false))).isEqualTo(done);
  }

  @Test
  void aFailedJobSaysWhichInstanceFailedAndHowOften() {
    Job job = job("EXITED FAILED", false).toBuilder()
        .setInstances(1, Instance.newBuilder().setIndex(1)
            .setState(InstanceState.INSTANCE_STATE_FAILED)
            .setLastError("exit code 3").setRestarts(2))
        .build();

    assertThat(Jobs.reason(job)).isEqualTo("instance 1 failed: exit code 3 after 2 restart(s)");
  }

  @Test
  void aPendingJobSaysWhyItWaits() {
    Job job = job("RUNNING PENDING", false).toBuilder()
        .setInstances(1, Instance.newBuilder().setIndex(1)
            .setState(InstanceState.INSTANCE_STATE_PENDING)
            .setLastError("no node with a running spawner"))
        .build();

    assertThat(Jobs.reason(job)).isEqualTo("instance 1 pending: no node with a running spawner");
  }

  @Test
  void aStoppedJobSaysItWasStopped() {
    Job job = Job.newBuilder().setId("job-1").setStopRequested(true)
        .addInstances(Instance.newBuilder().setIndex(0)
            .setState(InstanceState.INSTANCE_STATE_KILLED).setLastError("stopped"))
        .build();

    assertThat(Jobs.reason(job)).isEqualTo("instance 0 killed: stopped");
  }

  @Test
  void runningAndCompleteJobsHaveNoReason() {
    Instance failedBefore = Instance.newBuilder().setIndex(0)
        .setState(InstanceState.INSTANCE_STATE_RUNNING).setLastError("exit code 3").build();
    Job running = Job.newBuilder().setId("job-1").addInstances(failedBefore).build();
    Job complete = Job.newBuilder().setId("job-1").addInstances(failedBefore.toBuilder()
        .setState(InstanceState.INSTANCE_STATE_EXITED)).build();

    assertThat(Jobs.reason(running)).isEmpty();
    assertThat(Jobs.reason(complete)).isEmpty();
  }

  @ParameterizedTest(name = "epoch {0} v{1} over epoch {2} v{3}: {4}")
  @CsvSource({
      "2, 1,  1, 50, true",  // a successor's first write beats a deposed leader's many
      "1, 50, 2, 1,  false",
      "2, 5,  2, 4,  true",
      "2, 4,  2, 4,  false",
  })
  void aLaterEpochWinsThenAHigherVersion(long epochA, long versionA, long epochB, long versionB,
      boolean newer) {
    Job a = Job.newBuilder().setId("j").setLeaderEpoch(epochA).setVersion(versionA).build();
    Job b = Job.newBuilder().setId("j").setLeaderEpoch(epochB).setVersion(versionB).build();

    assertThat(Jobs.newer(a, b)).isEqualTo(newer);
  }

  @Test
  void aStoreOnlyJobWhoseRequestAnotherJobAnswersWasNeverAcknowledged() {
    io.snowfox.protocol.v1.JobSpec web = io.snowfox.protocol.v1.JobSpec.newBuilder()
        .setName("web").setCommand("/bin/true").build();
    Job answered = Job.newBuilder().setId("web-2").setCorrelationId("c1").setSpec(web).build();
    Job twin = Job.newBuilder().setId("web-1").setCorrelationId("c1").setSpec(web).build();
    Job otherRequest = Job.newBuilder().setId("web-3").setCorrelationId("c2").setSpec(web)
        .build();
    Job otherSpec = Job.newBuilder().setId("web-4").setCorrelationId("c1")
        .setSpec(web.toBuilder().setName("db")).build();

    assertThat(Jobs.unacknowledgedTwins(java.util.List.of(answered),
        java.util.List.of(twin, otherRequest, otherSpec))).containsExactly(twin);
  }
}
