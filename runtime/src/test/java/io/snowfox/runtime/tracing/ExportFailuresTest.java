package io.snowfox.runtime.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExportFailuresTest {

  private static final long SECOND = 1_000_000_000L;
  private final ExportFailures failures =
      new ExportFailures("http://collector:4318/v1/traces", Duration.ofMinutes(1));

  @Test
  void successesSayNothing() {
    assertThat(failures.succeeded(0)).isNull();
    assertThat(failures.succeeded(SECOND)).isNull();
  }

  @Test
  void theFirstFailureIsReportedAtOnceWithItsCause() {
    assertThat(failures.failed(0, 12, "connection refused"))
        .contains("cannot export spans to http://collector:4318/v1/traces")
        .contains("connection refused").contains("12 span(s) dropped")
        .contains("at most every 60 s");
  }

  @Test
  void ongoingFailuresAreReportedOnceAMinuteWithWhatWasLostMeanwhile() {
    failures.failed(0, 10, "connection refused");
    assertThat(failures.failed(2 * SECOND, 5, "connection refused")).isNull();
    assertThat(failures.failed(30 * SECOND, 7, "connection refused")).isNull();
    assertThat(failures.failed(60 * SECOND, 3, "timeout"))
        .startsWith("still cannot export spans")
        .contains("3 batch(es), 15 span(s) dropped since the last report")
        .contains("last error: timeout");
    // Counted anew from that report.
    assertThat(failures.failed(61 * SECOND, 1, "timeout")).isNull();
    assertThat(failures.failed(120 * SECOND, 1, "timeout"))
        .contains("2 batch(es), 2 span(s) dropped");
  }

  @Test
  void theFirstSuccessAfterFailuresSaysSoAndCountsTheUnreportedLosses() {
    failures.failed(0, 10, "connection refused");
    failures.failed(SECOND, 4, "connection refused");
    assertThat(failures.succeeded(2 * SECOND))
        .isEqualTo("spans reach http://collector:4318/v1/traces again; 1 more batch(es), "
            + "4 span(s) were dropped before");
    assertThat(failures.succeeded(3 * SECOND)).isNull();
    // A new outage is reported at once again.
    assertThat(failures.failed(4 * SECOND, 2, "reset")).startsWith("cannot export spans");
  }

  @Test
  void aSuccessRightAfterTheFirstReportedFailureHasNothingMoreToCount() {
    failures.failed(0, 10, "connection refused");
    assertThat(failures.succeeded(SECOND))
        .isEqualTo("spans reach http://collector:4318/v1/traces again");
  }
}
