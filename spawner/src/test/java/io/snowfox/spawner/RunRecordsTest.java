package io.snowfox.spawner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.StatusCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordsTest {

  @TempDir
  Path dir;

  private static Run run(String runId, String jobId) {
    return new Run(runId, jobId, 0, 4242, Instant.parse("2026-12-01T10:00:00Z"), "/bin/true",
        false, "c-1");
  }

  @Test
  void aSavedRunIsFoundAgainAndForgottenOnceDeleted() {
    RunRecords records = new RunRecords(dir);

    records.save(run("job-1.0.0", "job-1"));

    assertThat(records.load()).singleElement().satisfies(found -> {
      assertThat(found.runId).isEqualTo("job-1.0.0");
      assertThat(found.adopted).isTrue();
    });
    records.delete("job-1.0.0");
    assertThat(records.load()).isEmpty();
  }

  @Test
  void aRunWhoseIdNamesAnotherPathIsNeitherSavedNorDeleted() throws Exception {
    RunRecords records = new RunRecords(dir);
    Path outside = Files.writeString(dir.resolve("precious.json"), "x");

    StatusException refused = catchThrowableOfType(StatusException.class,
        () -> records.save(run("../../precious", "job-1")));

    assertThat(refused.code()).isEqualTo(StatusCode.STATUS_CODE_BAD_REQUEST);
    assertThat(catchThrowableOfType(StatusException.class,
        () -> records.delete("../../precious"))).isNotNull();
    assertThat(outside).hasContent("x");
  }

  @Test
  void aRecordWithIdsThatAreNotARunOfItsJobIsSkipped() throws Exception {
    RunRecords records = new RunRecords(dir);
    records.save(run("job-1.0.0", "job-1"));
    Path runs = dir.resolve("spawner").resolve("runs");
    Files.writeString(runs.resolve("forged.json"), run("job-2.0.0", "../etc").toJson().encode());

    assertThat(records.load()).extracting(r -> r.runId).containsExactly("job-1.0.0");
  }
}
