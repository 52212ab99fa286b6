package io.snowfox.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The scale section as a reader meets it: every round's row, and ratios on pooled rounds. */
class ScaleReportTest {

  @Test
  void theRatioIsTakenOnEveryRoundsSamplesNotOnOneRoundsP99() {
    BenchOptions options = new BenchOptions();
    new CommandLine(options).parseArgs();
    // One node: round 1 met a stall of the machine (its p99 is 100 ms), round 2 did not.
    ScaleBench.Step one1 = step(1, 1, 10, 100);
    ScaleBench.Step one2 = step(2, 1, 10, 12);
    // Five nodes: 20 ms everywhere but a tail of 30 ms.
    ScaleBench.Step five1 = step(1, 5, 20, 30);
    ScaleBench.Step five2 = step(2, 5, 20, 30);
    ScaleBench.Result result = new ScaleBench.Result(8, 2500, Duration.ofSeconds(300),
        Duration.ofSeconds(20), 2, List.of(run(one1), run(five1), run(one2), run(five2)),
        Duration.ofSeconds(300));

    String md = new ScaleReport(options).render(Outcome.of("scale", () -> result));

    assertThat(md).contains("2 rounds, interleaved");
    assertThat(md).contains("| 1 | 1 |").contains("| 2 | 1 |").contains("| 1 | 5 |")
        .contains("| 2 | 5 |");
    assertThat(md).contains("| **all** | **1** |").contains("| **all** | **5** |");
    // Round 1 alone would say 0.30×, round 2 alone 2.50×; pooled, the stall is 1 % of one
    // node's samples and its p99 is 12 ms: 30 / 12 ms.
    assertThat(md).contains("| | **5 / 1 nodes** | | | 1.00× | | **2.50×** (over 1.5×)");
    // Each cluster warmed up until its nodes had run 2500 jobs each: five nodes, five times
    // as many jobs as one.
    assertThat(md).contains("until its nodes have run 2500 jobs each");
    assertThat(md).contains("| 1 | 1 | 5.00 | 2500 (25) |").contains("| 1 | 5 | 5.00 | 12500 (125) |");
    assertThat(md).contains("**5 / 1 nodes** | | | 2.00× | 2.00× | **2.50×** (over 1.5×)");
  }

  /** 98 submits of {@code typicalMillis} and 2 of {@code tailMillis}, closed loop and fixed. */
  private static ScaleBench.Step step(int round, int nodes, long typicalMillis,
      long tailMillis) {
    Histogram latency = new Histogram(Series.HIGHEST_NANOS, 3);
    latency.recordValueWithCount(typicalMillis * 1_000_000, 98);
    latency.recordValueWithCount(tailMillis * 1_000_000, 2);
    ClosedLoop.Result load = new ClosedLoop.Result(8, Duration.ofSeconds(20), 100, 0, 0,
        Duration.ZERO, latency);
    FixedRate.Result steady = new FixedRate.Result(20, Duration.ofSeconds(30), 100, 0, "",
        latency);
    ClosedLoop.Result warmup = new ClosedLoop.Result(8, Duration.ofSeconds(25L * nodes),
        2500L * nodes, 0, 0, Duration.ZERO, latency);
    return new ScaleBench.Step(round, nodes, Duration.ofSeconds(5), warmup, load, latency,
        Map.of("n1", 100), 1024, Map.of("daemons", 1.0), steady, Map.of("daemons", 2.0));
  }

  private static ScaleBench.Run run(ScaleBench.Step step) {
    return new ScaleBench.Run(step.round(), step.nodes(), Outcome.of("step", () -> step));
  }
}
