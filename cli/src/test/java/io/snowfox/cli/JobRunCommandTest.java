package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.ApiJson;
import io.snowfox.client.Job;
import io.snowfox.client.SnowfoxClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exit code of {@code job run --wait}, and how a spec file's type is chosen. */
class JobRunCommandTest {

  private static JsonObject job(String state, JsonObject... instances) {
    return new JsonObject().put("id", "j-1").put("state", state)
        .put("instances", new JsonArray(List.of((Object[]) instances)));
  }

  private static JsonObject exited(int code) {
    return new JsonObject().put("state", code == 0 ? "exited" : "failed")
        .put("exit_code", code).putNull("signal");
  }

  private static JsonObject killed(int signal) {
    return new JsonObject().put("state", "killed").putNull("exit_code").put("signal", signal);
  }

  private static JsonObject lost() {
    return new JsonObject().put("state", "lost");
  }

  /** The exit code of the job, read as the client reads the API's answer. */
  private static int exitCode(JsonObject job) {
    return JobRunCommand.exitCode(ApiJson.read(job.encode(), Job.class));
  }

  @Test
  void completeJobExitsZero() {
    assertThat(exitCode(job("complete", exited(0), exited(0)))).isZero();
  }

  @Test
  void failedJobExitsWithItsExitCode() {
    assertThat(exitCode(job("failed", exited(3)))).isEqualTo(3);
  }

  @Test
  void firstInstanceThatFailedGivesTheCode() {
    assertThat(exitCode(job("failed", exited(0), exited(4), exited(5))))
        .isEqualTo(4);
  }

  @Test
  void killedBySignalExits128PlusSignal() {
    assertThat(exitCode(job("failed", killed(9)))).isEqualTo(137);
    assertThat(exitCode(job("stopped", exited(0), killed(15)))).isEqualTo(143);
  }

  @Test
  void noExitCodeAtAllExitsOne() {
    assertThat(exitCode(job("failed", lost()))).isEqualTo(1);
    assertThat(exitCode(job("failed"))).isEqualTo(1);
  }

  @Test
  void stoppedJobWhoseInstancesExitedZeroExitsOne() {
    assertThat(exitCode(job("stopped", exited(0)))).isEqualTo(1);
  }

  @Test
  void processThatNeverStartedExitsOne() {
    // The API shows exit code -1 for "could not start".
    assertThat(exitCode(job("failed", exited(-1)))).isEqualTo(1);
  }

  @Test
  void yamlFilesAreSentAsYamlAndEverythingElseAsJson() {
    assertThat(JobRunCommand.contentType(Path.of("examples/hello.yaml")))
        .isEqualTo(SnowfoxClient.YAML);
    assertThat(JobRunCommand.contentType(Path.of("batch.YML"))).isEqualTo(SnowfoxClient.YAML);
    assertThat(JobRunCommand.contentType(Path.of("service.json"))).isEqualTo(SnowfoxClient.JSON);
    assertThat(JobRunCommand.contentType(Path.of("spec"))).isEqualTo(SnowfoxClient.JSON);
    assertThat(JobRunCommand.contentType(Path.of("yaml"))).isEqualTo(SnowfoxClient.JSON);
  }
}
