package io.snowfox.it;

import io.snowfox.manager.store.H2JobStore;
import io.snowfox.manager.store.JobWrite;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A history of ended jobs written into a node's store before the node starts: {@code
 * ended-00000000}, {@code ended-00000001}, ..., one a millisecond up to now, each complete
 * after one run of {@code /bin/true}.
 */
final class SeededJobs {

  private SeededJobs() {}

  /**
   * Writes {@code count} ended jobs into the store of the node of {@code dataDir}, as its
   * manager would have kept them; returns the id of the last.
   */
  static String seed(Path dataDir, String nodeId, int count) {
    JobSpec spec = JobSpec.newBuilder().setName("ended").setCommand("/bin/true")
        .setInstances(1).setNamespace("default").build();
    long now = System.currentTimeMillis() * 1000;
    String id = "";
    try (H2JobStore store = H2JobStore.open(dataDir)) {
      List<JobWrite> batch = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        id = String.format(Locale.ROOT, "ended-%08d", i);
        long ended = now - (count - i) * 1000L;
        batch.add(new JobWrite.Save(Job.newBuilder().setId(id).setSpec(spec)
            .setState(JobState.JOB_STATE_COMPLETE).setVersion(4)
            .setSubmittedAtMicros(ended - 20_000).setEndedAtMicros(ended)
            .setCorrelationId("seeded-" + i)
            .addInstances(Instance.newBuilder().setIndex(0)
                .setState(InstanceState.INSTANCE_STATE_EXITED).setNodeId(nodeId)
                .setExitCode(0).setRunId(id + ".0.0").setStartAttempts(1)
                .setStartedAtMicros(ended - 10_000).setEndedAtMicros(ended - 5_000))
            .build()));
        if (batch.size() == 1000) {
          store.write(batch);
          batch = new ArrayList<>();
        }
      }
      store.write(batch);
    }
    return id;
  }
}
