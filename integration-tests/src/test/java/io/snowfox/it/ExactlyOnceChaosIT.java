package io.snowfox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exactly once under chaos, on three real nodes: a client submits jobs with restart policy
 * {@code never}, retrying each with its correlation id until it is answered, while SnowFox
 * processes are killed or frozen. At the end every acknowledged job exists, each ran exactly
 * once (one line in the file its runs append to), and no process of an ended job still runs.
 *
 * <p>The default size fits the suite; {@code -Dsnowfox.chaos.jobs=1000
 * -Dsnowfox.chaos.seconds=300} makes a bigger run and {@code -Dsnowfox.chaos.seed=N} repeats
 * the choices of one ({@link ChaosSettings}). Each run prints a line of figures starting with
 * {@code CHAOS} and, for every job that broke the promise, what happened around it.
 */
class ExactlyOnceChaosIT {

  private static final ChaosSettings SETTINGS = ChaosSettings.fromSystemProperties();

  /**
   * Any process of any node killed, again and again. One standby copy (of two standbys), so that
   * a manager killed and back behind the others stands by out of line: it offers what its store
   * held and drops it, and moves up the line as others are killed.
   */
  @Test
  void everyJobRunsExactlyOnceWhileAnyProcessOfAnyNodeIsKilled() throws Exception {
    try (ChaosRun run = ChaosRun.start("kill", SETTINGS, List.of("--standby-copies", "1"))) {
      ChaosReport report = run.submitDuring((cluster, timeline) ->
          new ProcessKiller(cluster, timeline, SETTINGS));

      assertThat(report.violations()).as(report.figures()).isEmpty();
    }
  }

  /**
   * The leading manager and its daemon stopped past the failure timeout, then resumed: no job
   * runs twice, none is lost. Before leases, two managers could lead at once while the split
   * healed (docs/cluster.md; every run in docs/benchmarks.md, "Exactly once under chaos").
   */
  @Test
  void everyJobRunsExactlyOnceWhenTheLeadingManagerAndItsDaemonFreezeAndResume()
      throws Exception {
    try (ChaosRun run = ChaosRun.start("freeze", SETTINGS)) {
      ChaosReport report = run.submitDuring((cluster, timeline) ->
          new LeaderFreezer(cluster, timeline, SETTINGS));

      assertThat(report.violations()).as(report.figures()).isEmpty();
    }
  }
}
