package io.snowfox.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.ApiJson;
import io.snowfox.client.Instance;
import io.snowfox.client.JobSpecView;
import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.v1.Constraints;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.protocol.v1.Resources;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A job's JSON as the API writes it, read by the Java client: both keep to one shape. */
class JobViewsTest {

  private static final Instant SUBMITTED = Instant.parse("2030-01-01T10:00:00.123456Z");
  private static final Instant STARTED = Instant.parse("2030-01-01T10:00:01Z");
  private static final Instant ENDED = Instant.parse("2030-01-01T10:00:02.5Z");

  private static Job job() {
    return Job.newBuilder()
        .setId("web-1a2b3c4d")
        .setState(JobState.JOB_STATE_FAILED)
        .setReason("instance 1 failed: killed by signal 9")
        .setSubmittedAtMicros(Micros.of(SUBMITTED))
        .setEndedAtMicros(Micros.of(ENDED))
        .setCorrelationId("c-42")
        .setSpec(JobSpec.newBuilder().setName("web").setCommand("/bin/sh").addArgs("-c")
            .addArgs("sleep 1").putEnv("B", "2").putEnv("A", "1").setInstances(2)
            .setRestart(RestartPolicy.newBuilder().setMode(RestartMode.RESTART_MODE_ON_FAILURE)
                .setMaxRestarts(3).setBackoffMillis(1_000).setMaxBackoffMillis(60_000))
            .setKillTimeoutMillis(10_000)
            .setResources(Resources.newBuilder().setCpu(0.5).setMemoryMb(128))
            .setConstraints(Constraints.newBuilder().putLabels("zone", "a"))
            .setUser("nobody").setNamespace("team-a"))
        .addInstances(io.snowfox.protocol.v1.Instance.newBuilder().setIndex(0)
            .setState(InstanceState.INSTANCE_STATE_EXITED).setNodeId("n1").setPid(4242)
            .setRunId("web-1a2b3c4d.0.0").setStartedAtMicros(Micros.of(STARTED))
            .setEndedAtMicros(Micros.of(ENDED)).setExitCode(0))
        .addInstances(io.snowfox.protocol.v1.Instance.newBuilder().setIndex(1)
            .setState(InstanceState.INSTANCE_STATE_KILLED).setNodeId("n2").setRestarts(3)
            .setRunId("web-1a2b3c4d.1.3").setStartedAtMicros(Micros.of(STARTED))
            .setEndedAtMicros(Micros.of(ENDED)).setSignal(9)
            .setLastError("killed by signal 9"))
        .addInstances(io.snowfox.protocol.v1.Instance.newBuilder().setIndex(2)
            .setState(InstanceState.INSTANCE_STATE_PENDING).setRunId("web-1a2b3c4d.2.0"))
        .build();
  }

  @Test
  void everyStateTheApiWritesIsAConstantOfTheClient() {
    List<String> jobStates = List.of(io.snowfox.client.Job.PENDING,
        io.snowfox.client.Job.RUNNING, io.snowfox.client.Job.COMPLETE,
        io.snowfox.client.Job.FAILED, io.snowfox.client.Job.STOPPED);
    List<String> instanceStates = List.of(Instance.PENDING, Instance.STARTING, Instance.RUNNING,
        Instance.EXITED, Instance.FAILED, Instance.KILLED, Instance.LOST, Instance.STOPPING);
    for (JobState state : JobState.values()) {
      if (state != JobState.JOB_STATE_UNSPECIFIED && state != JobState.UNRECOGNIZED) {
        assertThat(jobStates).contains(JobNames.of(state));
      }
    }
    for (InstanceState state : InstanceState.values()) {
      if (state != InstanceState.INSTANCE_STATE_UNSPECIFIED
          && state != InstanceState.UNRECOGNIZED) {
        assertThat(instanceStates).contains(JobNames.of(state));
      }
    }
    assertThat(io.snowfox.client.Job.FINAL_STATES).containsExactlyInAnyOrder(
        io.snowfox.client.Job.COMPLETE, io.snowfox.client.Job.FAILED,
        io.snowfox.client.Job.STOPPED);
  }

  @Test
  void theClientReadsEveryFieldOfAJobAsTheApiWritesIt() {
    io.snowfox.client.Job read = ApiJson.read(JobViews.job(job()).encode(),
        io.snowfox.client.Job.class);

    assertThat(read.id()).isEqualTo("web-1a2b3c4d");
    assertThat(read.name()).isEqualTo("web");
    assertThat(read.namespace()).isEqualTo("team-a");
    assertThat(read.state()).isEqualTo(io.snowfox.client.Job.FAILED);
    assertThat(read.ended()).isTrue();
    assertThat(read.reason()).isEqualTo("instance 1 failed: killed by signal 9");
    assertThat(read.submittedAt()).isEqualTo(SUBMITTED);
    assertThat(read.endedAt()).isEqualTo(ENDED);
    assertThat(read.submittedWithCorrelationId()).isEqualTo("c-42");
    assertThat(read.spec()).isEqualTo(new JobSpecView("web", "/bin/sh",
        List.of("-c", "sleep 1"), Map.of("A", "1", "B", "2"), "", 2,
        new JobSpecView.Restart("on-failure", "1s", "1m", 3), "10s",
        new io.snowfox.client.Resources(0.5, 128),
        new JobSpecView.Constraints(Map.of("zone", "a")), "nobody", ""));
    assertThat(read.instances()).containsExactly(
        new Instance(0, Instance.EXITED, "n1", 4242, "web-1a2b3c4d.0.0", 0, STARTED, ENDED, "",
            0, null),
        new Instance(1, Instance.KILLED, "n2", 0, "web-1a2b3c4d.1.3", 3, STARTED, ENDED,
            "killed by signal 9", null, 9),
        new Instance(2, Instance.PENDING, "", 0, "web-1a2b3c4d.2.0", 0, null, null, "", null,
            null));
  }
}
