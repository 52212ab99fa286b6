package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestoreTest {

  /**
   * Offered: job {@code j1} of request {@code r1}, version 5 of epoch 2, running {@code sleep}.
   * {@code held} is the leader's version as epoch/version ("-": none); {@code sameRequest} the
   * job the leader holds for request r1 as id/command ("-": none).
   */
  @ParameterizedTest(name = "held {0}, removed {1}, expired {2}, same request {3}: {4}")
  @CsvSource({
      "-,   false, false, -,          TAKE",    // the map lost it: take it back
      "2/4, false, false, j1/sleep,   TAKE",    // held in an older version (another store's copy)
      "2/5, false, false, j1/sleep,   HELD",    // the same version
      "3/1, false, false, j1/sleep,   HELD",    // this leader changed it since: its epoch wins
      "1/9, false, false, j1/sleep,   TAKE",    // an older epoch's, however many versions
      "-,   true,  false, -,          REMOVED", // removed while the standby looked at the map
      "2/4, true,  false, j1/sleep,   REMOVED",
      "-,   false, true,  -,          EXPIRED", // ended before the retention: removed long ago
      "-,   true,  true,  -,          REMOVED",
      "2/4, false, true,  j1/sleep,   TAKE",    // still held: the leader's retention removes it
      "-,   false, false, j2/sleep,   TWIN",    // the client's retry made j2: j1 was never answered
      "-,   false, false, j2/true,    TAKE",    // the same correlation id for another spec
  })
  void theLeaderTakesBackWhatItLacksAndRefusesRemovedJobsAndTwins(String held, boolean removed,
      boolean expired, String sameRequest, Restore expected) {
    Job offered = job("j1", "sleep", 2, 5);
    Job heldJob = held.equals("-") ? null : job("j1", "sleep",
        Long.parseLong(held.split("/")[0]), Long.parseLong(held.split("/")[1]));
    Job same = sameRequest.equals("-") ? null : job(sameRequest.split("/")[0],
        sameRequest.split("/")[1], 2, 1);

    assertThat(Restore.of(offered, heldJob, removed, expired, same)).isEqualTo(expected);
  }

  private static Job job(String id, String command, long epoch, long version) {
    return Job.newBuilder().setId(id).setCorrelationId("r1").setLeaderEpoch(epoch)
        .setVersion(version).setSpec(JobSpec.newBuilder().setName("web").setCommand(command))
        .build();
  }
}
