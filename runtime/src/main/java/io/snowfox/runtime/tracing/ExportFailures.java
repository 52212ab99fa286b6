package io.snowfox.runtime.tracing;

import java.time.Duration;

/**
 * What to say about failed exports, and when: a collector that is down fails every batch, and
 * a line per batch would drown the process's log. The first failure is reported at once; while
 * the exports keep failing, one line at most per interval counts the spans lost since the last;
 * the first success after failures says so. Pure: the caller gives the time and logs the text.
 */
final class ExportFailures {

  /** At most one report of ongoing failures this often. */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  private final String target;
  private final long intervalNanos;
  private boolean failing;
  private long lastReportNanos;
  private long batches;
  private long spans;

  ExportFailures(String target, Duration interval) {
    this.target = target;
    this.intervalNanos = interval.toNanos();
  }

  /** A batch of {@code count} spans was not delivered; returns the line to log, or null. */
  synchronized String failed(long nowNanos, int count, String error) {
    batches++;
    spans += count;
    if (!failing) {
      failing = true;
      return report(nowNanos, "cannot export spans to " + target + ": " + error + "; "
          + count + " span(s) dropped. Spans are dropped while the collector cannot be "
          + "reached; this is reported again at most every "
          + intervalNanos / 1_000_000_000 + " s");
    }
    if (nowNanos - lastReportNanos < intervalNanos) {
      return null;
    }
    return report(nowNanos, "still cannot export spans to " + target + ": " + batches
        + " batch(es), " + spans + " span(s) dropped since the last report; last error: "
        + error);
  }

  /** A batch was delivered; returns the line to log after failures, or null. */
  synchronized String succeeded(long nowNanos) {
    if (!failing) {
      return null;
    }
    failing = false;
    return report(nowNanos, "spans reach " + target + " again"
        + (batches == 0 ? "" : "; " + batches + " more batch(es), " + spans
            + " span(s) were dropped before"));
  }

  private String report(long nowNanos, String line) {
    lastReportNanos = nowNanos;
    batches = 0;
    spans = 0;
    return line;
  }
}
