package io.snowfox.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report's section on a burst of submits. */
final class BurstReport {

  /** Abandoned submits named in the report; the rest are counted. */
  static final int NAMED = 10;

  private final BenchOptions options;
  private final StringBuilder md = new StringBuilder();

  BurstReport(BenchOptions options) {
    this.options = options;
  }

  String render(Outcome<BurstBench.Result> outcome) {
    line("## 8. A burst of submits");
    line("");
    if (!outcome.ok()) {
      line("**Not measured**: " + outcome.failure().replace("\n", " "));
      line("");
      return md.toString();
    }
    BurstBench.Result r = outcome.value();
    BurstCheck.Verdict v = r.verdict();
    line(String.format(Locale.ROOT, "%,d", r.jobs()) + " `/bin/true` jobs submitted by "
        + r.clients() + " client threads, each sending its next `POST /v1/jobs` as soon as the "
        + "last is answered, on a node of its own (GREEN " + seconds(r.green()) + " s after its "
        + "launch, not counted); no client waits for a job to end. A 429 or 503 with "
        + "`Retry-After` is sent again after that delay with the same `X-Correlation-Id` (the "
        + "manager answers a submit it already accepted with that job); a client timeout ("
        + JobsApi.REQUEST_TIMEOUT.toSeconds() + " s), a connection error, any other status, "
        + "or a 429/503 without `Retry-After` gives the submit up. Then the job list is read "
        + "every " + BurstBench.POLL.toSeconds() + " s until no acknowledged job is pending or "
        + "running (at most " + options.burstWaitSeconds + " s), and checked once.");
    line("");
    line("| | |");
    line("|---|--:|");
    line("| submits acknowledged (201) | " + r.acknowledged() + " of " + r.jobs() + " |");
    line("| answers by status, retries included (503: the API's bound on submits waiting "
        + "for the manager, or the manager's 5 s deadline) | " + answers(r.answers()) + " |");
    line("| submits sent again after `Retry-After` | " + r.retries() + " |");
    line("| 429/503 without `Retry-After` | " + r.refusedWithoutRetryAfter() + " |");
    line("| submits given up | " + r.abandoned().size() + abandoned(r) + " |");
    line("| first submit → last answer, s | " + seconds(r.submitting()) + " |");
    line("| acknowledged submits per s | " + String.format(Locale.ROOT, "%.1f",
        r.submitsPerSecond()) + " |");
    line("| first submit → every acknowledged job ended, s | " + (r.ended() == null
        ? "**not within " + options.burstWaitSeconds + " s**" : seconds(r.ended())) + " |");
    line("| completions per s, over that | " + (r.ended() == null ? "" : String.format(
        Locale.ROOT, "%.1f", r.completionsPerSecond())) + " |");
    line("| acknowledged jobs complete | " + v.complete() + " |");
    line("| acknowledged jobs not complete (by state; missing = lost) | "
        + (v.notComplete().isEmpty() ? "0" : answers(v.notComplete())) + " |");
    line("| acknowledged jobs restarted | " + v.restarted() + " |");
    line("| submits that made more than one job | " + v.doubled() + " |");
    line("| jobs of given-up submits | " + v.fromAbandoned() + " |");
    line("| jobs no client was told of, unexplained | " + v.unexplained() + " |");
    line("| processes started, from the spawner's log (files read: " + v.logFiles() + ") | "
        + v.runs() + " |");
    line("| acknowledged jobs started more than once / never, per that log | "
        + v.jobsRunTwice() + " / " + v.jobsNotRun() + " |");
    line("| node PSS before / peak / after, MiB (" + r.memory().samples() + " samples) | "
        + mib(r.memory().beforeKib()) + " / " + mib(r.memory().peakKib()) + " / "
        + mib(r.memory().afterKib()) + " |");
    line("| **verdict** | " + (v.ok() && r.ended() != null ? "**every acknowledged job "
        + "complete, run once, none doubled**" : "**failed**: see the rows above") + " |");
    line("");
    line("How to read: issue 8 asks that every acknowledged job completes, none is lost or "
        + "doubled, a saturated API answers 503/429 with `Retry-After` rather than timing out, "
        + "and memory stays bounded. The API server refuses a submit beyond its "
        + "`--max-submits-in-flight` waiting for the manager with 503 at once, and answers 503 "
        + "too when the manager did not answer a submit within 5 s (it may have accepted it: "
        + "the retry with the same correlation id is answered with that job). PSS is the "
        + "daemon and every descendant (the role JVMs and the jobs' processes of the moment), "
        + "read just before the first submit, every second until the checks are done, and "
        + "after them. Runs are "
        + "counted from the spawner's JSON log (`started run <run-id> of job <job>`); a "
        + "rotated-away file would undercount them.");
    line("");
    return md.toString();
  }

  private static String answers(Map<String, ? extends Number> counts) {
    return counts.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String abandoned(BurstBench.Result r) {
    if (r.abandoned().isEmpty()) {
      return "";
    }
    return " (" + r.abandoned().stream().limit(NAMED).map(id -> "`" + id + "`")
        .collect(Collectors.joining(", ")) + (r.abandoned().size() > NAMED ? ", ..." : "")
        + ")";
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1e9);
  }

  private static String mib(long kib) {
    return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
  }

  private void line(String text) {
    md.append(text).append('\n');
  }
}
