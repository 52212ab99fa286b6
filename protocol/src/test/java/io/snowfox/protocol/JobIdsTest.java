package io.snowfox.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.snowfox.protocol.v1.StatusCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class JobIdsTest {

  private static StatusException refusal(Runnable check) {
    StatusException refused = catchThrowableOfType(StatusException.class, check::run);
    assertThat(refused).as("the refusal").isNotNull();
    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    return refused;
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "0", "web-1a2b3c4d", "api.v2-1a2b3c4d", "a..b", "a_b", "x.",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"})
  void jobIdsThatAreOnePathSegmentAreAccepted(String jobId) {
    assertThat(JobIds.isName(jobId)).isTrue();
    assertThat(JobIds.checkJobId(jobId)).isEqualTo(jobId);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {".", "..", "../x", "../../etc", "/etc", "/", "a/b", "a/../b", "-a",
      "_a", ".hidden", "a b", "a\0b", "a\nb", "nœud", "a\\b", "~root",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"})
  void jobIdsThatCouldNameAnotherPathAreRefusedNamingTheRule(String jobId) {
    StatusException refused = refusal(() -> JobIds.checkJobId(jobId));

    assertThat(JobIds.isName(jobId)).isFalse();
    assertThat(refused.getMessage()).startsWith("invalid job_id '").endsWith(JobIds.NAME_RULE)
        .doesNotContain("\n").doesNotContain("\0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"web-1a2b3c4d.0.0", "api.v2-1a2b3c4d.12.3", "a.0.999999999"})
  void runIdsOfAJobAreAccepted(String runId) {
    assertThat(JobIds.checkRunId(runId)).isEqualTo(runId);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"job-1", "job-1.0", "../x.0.0", "/tmp/x.0.0", "..", "job-1.-1.0",
      "job-1.0.0/..", "job-1.a.0", "job-1.0.0.json", ".0.0"})
  void runIdsThatAreNotARunOfAJobAreRefused(String runId) {
    StatusException refused = refusal(() -> JobIds.checkRunId(runId));

    assertThat(refused.getMessage()).startsWith("invalid instance_id '")
        .endsWith("expected <job id>.<index>.<restarts>");
  }

  @Test
  void aNegativeIndexIsRefused() {
    assertThat(refusal(() -> JobIds.checkIndex(-1)))
        .hasMessage("invalid instance_index '-1': must not be negative");
    assertThat(JobIds.checkIndex(0)).isZero();
  }

  @ParameterizedTest(name = "{0} of job {1} instance {2}: {3}")
  @CsvSource(delimiter = '|', textBlock = """
      job-1.0.0      | job-1   | 0 | ok
      job-1.3.7      | job-1   | 3 | ok
      a.b-1.0.0      | a.b-1   | 0 | ok
      job-1.0.0      | job-2   | 0 | not a run of instance 0 of job 'job-2'
      job-1.1.0      | job-1   | 0 | not a run of instance 0 of job 'job-1'
      job-1.0.0      | ../x    | 0 | invalid job_id
      job-1.0.0      | job-1   | -1| invalid instance_index
      ../job-1.0.0   | job-1   | 0 | invalid instance_id
      """)
  void aRunMustBelongToItsJobAndInstance(String runId, String jobId, int index, String outcome) {
    if (outcome.equals("ok")) {
      assertThatCode(() -> JobIds.checkRunOf(runId, jobId, index)).doesNotThrowAnyException();
    } else {
      assertThat(refusal(() -> JobIds.checkRunOf(runId, jobId, index)).getMessage())
          .contains(outcome);
    }
  }

  @Test
  void theJobOfARunIsItsIdWithoutIndexAndRestarts() {
    assertThat(JobIds.jobOf("web-1a2b3c4d.0.0")).isEqualTo("web-1a2b3c4d");
    assertThat(JobIds.jobOf("web-1a2b3c4d.12.3")).isEqualTo("web-1a2b3c4d");
    // Job names may contain dots: only the last two parts are the run's.
    assertThat(JobIds.jobOf("api.v2-1a2b3c4d.0.1")).isEqualTo("api.v2-1a2b3c4d");
    assertThat(JobIds.jobOf("no-dots")).isEqualTo("no-dots");
    assertThat(JobIds.runId("web-1a2b3c4d", 2, 5)).isEqualTo("web-1a2b3c4d.2.5");
  }
}
