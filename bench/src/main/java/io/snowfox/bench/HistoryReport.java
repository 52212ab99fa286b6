package io.snowfox.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** The report's section on a node's cost with a long job history. */
final class HistoryReport {

  /** Issue 8's bound on history / empty. */
  static final double BOUND = 1.5;

  private final BenchOptions options;
  private final StringBuilder md = new StringBuilder();

  HistoryReport(BenchOptions options) {
    this.options = options;
  }

  String render(Outcome<HistoryBench.Result> outcome) {
    line("## 7. Cost with a long job history");
    line("");
    if (!outcome.ok()) {
      line("**Not measured**: " + outcome.failure().replace("\n", " "));
      line("");
      return md.toString();
    }
    HistoryBench.Side empty = outcome.value().empty();
    Outcome<HistoryBench.Side> full = outcome.value().history();
    line("Two nodes of their own, one after the other: an empty one, and one whose manager's "
        + "store held " + String.format(Locale.ROOT, "%,d", options.historyJobs) + " ended jobs "
        + "before its start, written straight into its H2 store (`H2JobStore.save`): `/bin/true` "
        + "jobs complete, one instance exited 0 after one run, namespace `default`, ended within "
        + "the last hour, so the default 24 h retention keeps them all. Each node idles "
        + options.idleSeconds + " s once GREEN; then the CPU of each of its processes is read "
        + "from `/proc/<pid>/stat` over " + options.historyIdleSeconds + " s of idling; then "
        + options.jobWarmup + " unmeasured and " + options.historySubmits + " measured "
        + "sequential `POST /v1/jobs` of `/bin/true` are timed (not waiting for the jobs)."
        + (options.historyJvmOpts.isEmpty() ? "" : " Both daemons were started with "
        + options.historyJvmOpts.stream().map(o -> "`--jvm-opt " + o + "`")
            .collect(java.util.stream.Collectors.joining(", ")) + "."));
    line("");
    if (!full.ok()) {
      line("**The node with a history was not measured**: "
          + full.failure().replace("\n", " "));
      line("");
    }
    HistoryBench.Side history = full.ok() ? full.value() : null;
    line("| | empty node | " + String.format(Locale.ROOT, "%,d", options.historyJobs)
        + " ended jobs | history / empty |");
    line("|---|--:|--:|--:|");
    row("writing the ended jobs into the store, s", empty, history,
        side -> seconds(side.seed()), false);
    row("the store on disk once they were written, MiB", empty, history,
        side -> side.seededBytes() / 1024.0 / 1024.0, false);
    row("launch → GREEN, s", empty, history,
        side -> seconds(side.green()), true);
    row("launch → the last seeded job found through the API, s", empty, history,
        side -> seconds(side.loaded()), true);
    line("| manager processes seen (more than one: it restarted) | " + empty.managers() + " | "
        + (history == null ? "" : history.managers()) + " | |");
    for (String role : List.of("manager", "daemon", "api", "spawner")) {
      row("idle CPU ms per s, " + (role.equals("manager") ? "**manager** (the leader)" : role),
          empty, history, side -> side.cpuOf(role), true);
    }
    row("`POST /v1/jobs` p50 ms", empty, history, side -> millis(side.submit(), 50), true);
    row("`POST /v1/jobs` **p99** ms", empty, history, side -> millis(side.submit(), 99), true);
    row("node PSS after the submits, MiB", empty, history, side -> side.pssKib() / 1024.0, true);
    row("manager's store on disk at the end, MiB", empty, history,
        side -> side.storeBytes() / 1024.0 / 1024.0, true);
    line("");
    line("The store's growth between the seeding and the end, against the saves of the "
        + "submits, says whether the cost of a save on disk grows with the history too.");
    line("");
    line("How to read: issue 8 asks that the idle leader's CPU and the p99 of a submit with "
        + "the history stay within " + BOUND + "× of the empty node's. The leader is the "
        + "node's only manager. The daemon counts too: it is the node's Hazelcast data member, "
        + "which holds the cluster-wide job map (every job, as signed JSON). CPU is counted in "
        + "10 ms ticks: over " + options.historyIdleSeconds + " s one tick is "
        + String.format(Locale.ROOT, "%.2f", 10.0 / options.historyIdleSeconds)
        + " ms per s, so small idle figures are coarse and their ratio is noisy. The "
        + "manager reports ready once it has tried to take the lead, which means loading every "
        + "job and putting back into the cluster map those the map lacks (all of them, after "
        + "a whole-node start); it is ready even when that failed, so GREEN does not say the "
        + "jobs are served: the next row is the first answer that found the last seeded job.");
    line("");
    return md.toString();
  }

  private void row(String what, HistoryBench.Side empty, HistoryBench.Side history,
      ToDoubleFunction<HistoryBench.Side> value, boolean ratio) {
    double a = value.applyAsDouble(empty);
    String b = history == null ? "not measured" : number(value.applyAsDouble(history));
    String r = !ratio || history == null || a <= 0 ? ""
        : String.format(Locale.ROOT, "%.2f×", value.applyAsDouble(history) / a);
    line("| " + what + " | " + (ratio ? number(a) : "") + " | " + b + " | " + r + " |");
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }

  private static String number(double value) {
    return value < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
  }

  private void line(String text) {
    md.append(text).append('\n');
  }
}
