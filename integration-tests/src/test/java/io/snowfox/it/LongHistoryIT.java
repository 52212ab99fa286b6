package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.manager.store.H2JobStore;
import io.snowfox.manager.store.JobWrite;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A node whose store holds a day of ended jobs at the default retention (100,000, what the
 * operations guide says fits) takes the lead and serves them, also when its manager is killed
 * and the next one reads them back from the cluster map. The whole history once went to the
 * daemon in one 72 MB packet, which its heap could not read: no manager could lead.
 */
class LongHistoryIT {

  private static final int JOBS = 100_000;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aNodeWithAHundredThousandEndedJobsLeadsAndServesThemAfterAManagerRestartToo()
      throws Exception {
    Path dataDir = TestNode.newDataDir("history");
    String last = seed(dataDir, "history", JOBS);
    TestNode node = TestNode.startIn(dataDir, "history", List.of());
    try {
      node.awaitGreen();
      String url = node.apiUrl() + "/v1/jobs/" + last;
      eventually(WAIT, () -> assertThat(Http.get(url).json().getJsonObject("job")
          .getString("state")).isEqualTo("complete"));
      eventually(WAIT, () -> assertThat(node.logLines("manager")).anyMatch(line ->
          line.contains("loaded " + JOBS + " job(s): 0 from the cluster map, " + JOBS
              + " from the store")));

      long manager = TestNode.subsystem(node.info().getJsonObject("node"), "manager")
          .getLong("pid");
      TestNode.kill(manager, true);
      eventually(WAIT, () -> assertThat(node.logLines("manager")).anyMatch(line ->
          line.contains("loaded " + JOBS + " job(s): " + JOBS + " from the cluster map")));
      eventually(WAIT, () -> assertThat(Http.get(url).json().getJsonObject("job")
          .getString("state")).isEqualTo("complete"));

      assertThat(node.logLines("manager")).noneMatch(line -> line.contains("deposed")
          || line.contains("could not take the lead"));
      assertThat(Files.readString(dataDir.resolve("console.out")))
          .doesNotContain("OutOfMemoryError");
    } finally {
      node.close();
    }
  }

  /**
   * Writes {@code count} ended jobs into the store of the node of {@code dataDir}, as its
   * manager would have kept them; returns the id of the last.
   */
  private static String seed(Path dataDir, String nodeId, int count) {
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
