package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.manager.jobs.JobTable;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.runtime.metrics.ProcessMetrics;
import io.snowfox.runtime.metrics.PrometheusText;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The manager's series: counted on the way for starts and ends, from the table for states. */
class JobMetricsTest {

  private final ProcessMetrics metrics = ProcessMetrics.of("n1", "manager");
  private final AtomicLong epoch = new AtomicLong();
  private final JobTable table = new JobTable();
  private final JobMetrics jobs = new JobMetrics(metrics, epoch::get, table);

  private static Job job(String id, JobState state, InstanceState... instances) {
    Job.Builder job = Job.newBuilder().setId(id).setState(state)
        .setSubmittedAtMicros(Envelopes.nowMicros() - 250_000);
    for (int i = 0; i < instances.length; i++) {
      job.addInstances(Instance.newBuilder().setIndex(i).setState(instances[i]));
    }
    return job.build();
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(metrics.scrape());
  }

  @Test
  void onlyTheLeaderCountsJobsAndInstancesByState() {
    table.put(job("a", JobState.JOB_STATE_RUNNING, InstanceState.INSTANCE_STATE_RUNNING,
        InstanceState.INSTANCE_STATE_PENDING));
    table.put(job("b", JobState.JOB_STATE_COMPLETE, InstanceState.INSTANCE_STATE_EXITED));

    PrometheusText standingBy = scrape();
    epoch.set(3);
    PrometheusText leading = scrape();

    assertThat(standingBy.samples("snowfox_jobs", Map.of())).isEmpty();
    assertThat(standingBy.sum("snowfox_manager_leading", Map.of())).isZero();
    assertThat(leading.sum("snowfox_manager_leading", Map.of())).isEqualTo(1.0);
    assertThat(leading.sum("snowfox_jobs", Map.of("state", "running"))).isEqualTo(1.0);
    assertThat(leading.sum("snowfox_jobs", Map.of("state", "complete"))).isEqualTo(1.0);
    assertThat(leading.sum("snowfox_jobs", Map.of("state", "failed"))).isZero();
    assertThat(leading.samples("snowfox_jobs", Map.of())).hasSize(5);
    assertThat(leading.sum("snowfox_instances", Map.of("state", "pending"))).isEqualTo(1.0);
    assertThat(leading.sum("snowfox_instances", Map.of())).isEqualTo(3.0);
  }

  @Test
  void startsExitsAndRestartsAreCountedAndOnlyFirstRunsTimed() {
    Job job = job("a", JobState.JOB_STATE_RUNNING, InstanceState.INSTANCE_STATE_RUNNING);
    Instance first = job.getInstances(0);
    jobs.started(job, first);
    jobs.ended(InstanceState.INSTANCE_STATE_FAILED,
        first.toBuilder().setState(InstanceState.INSTANCE_STATE_PENDING).setRestarts(1).build());
    jobs.started(job, first.toBuilder().setRestarts(1).build());
    jobs.ended(InstanceState.INSTANCE_STATE_EXITED,
        first.toBuilder().setState(InstanceState.INSTANCE_STATE_EXITED).setRestarts(1).build());

    PrometheusText parsed = scrape();

    assertThat(parsed.sum("snowfox_instance_starts_total", Map.of())).isEqualTo(2.0);
    assertThat(parsed.sum("snowfox_instance_exits_total", Map.of("how", "failed")))
        .isEqualTo(1.0);
    assertThat(parsed.sum("snowfox_instance_exits_total", Map.of("how", "exited")))
        .isEqualTo(1.0);
    assertThat(parsed.sum("snowfox_instance_restarts_total", Map.of())).isEqualTo(1.0);
    assertThat(parsed.sum("snowfox_instance_start_latency_seconds_count", Map.of()))
        .isEqualTo(1.0);
    // Submitted 250 ms before it ran: in the 0.25 s bucket's neighbourhood, not in 0.1 s.
    assertThat(parsed.sum("snowfox_instance_start_latency_seconds_bucket", Map.of("le", "0.1")))
        .isZero();
  }
}
