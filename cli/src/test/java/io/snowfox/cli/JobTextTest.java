package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.ApiJson;
import io.snowfox.client.Instance;
import io.snowfox.client.Job;
import io.snowfox.client.JobSpecView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jobs as the CLI shows them, from the API's JSON. */
class JobTextTest {

  /** {@code json} read as the client reads the API's answers. */
  private static <T> T read(JsonObject json, Class<T> type) {
    return ApiJson.read(json.encode(), type);
  }

  private static Job job(JsonObject json) {
    return read(json, Job.class);
  }

  /** A job as {@code GET /v1/jobs/{id}} shows it: one instance running, one failed. */
  static JsonObject webJob() {
    return new JsonObject()
        .put("id", "web-1a2b3c4d")
        .put("name", "web")
        .put("state", "running")
        .put("reason", "")
        .put("submitted_at", "2030-01-01T10:00:00.123456Z")
        .putNull("ended_at")
        .put("submitted_with_correlation_id", "c-42")
        .put("spec", new JsonObject()
            .put("command", "/bin/sh")
            .put("args", new JsonArray().add("-c").add("echo 'hi there'; sleep 60")))
        .put("instances", new JsonArray()
            .add(new JsonObject().put("index", 0).put("state", "running").put("node", "n1")
                .put("pid", 4242).put("restarts", 0)
                .put("started_at", "2030-01-01T10:00:01.5Z").putNull("ended_at")
                .put("last_error", ""))
            .add(new JsonObject().put("index", 1).put("state", "failed").put("node", "n2")
                .put("pid", 0).put("restarts", 2)
                .put("started_at", "2030-01-01T10:00:02Z")
                .put("ended_at", "2030-01-01T10:00:03Z")
                .put("last_error", "exit code 3").put("exit_code", 3).putNull("signal")));
  }

  @Test
  void listShowsRunningOverTotalInstances() {
    List<String> lines = JobText.list(List.of(job(webJob()))).lines(Terminal.plain());

    assertThat(lines).containsExactly(
        "ID            NAME  STATE    INSTANCES  SUBMITTED",
        "web-1a2b3c4d  web   running  1/2        2030-01-01T10:00:00Z");
  }

  @Test
  void instancesShowPidExitRestartsAndLastError() {
    List<String> lines = JobText.instances(job(webJob())).lines(Terminal.plain());

    assertThat(lines).containsExactly(
        "INDEX  STATE    NODE  PID   EXIT  RESTARTS  STARTED               LAST ERROR",
        "0      running  n1    4242  -     0         2030-01-01T10:00:01Z  -",
        "1      failed   n2    -     3     2         2030-01-01T10:00:02Z  exit code 3");
  }

  @Test
  void detailsShowTheCommandLineAsAShellWouldNeedIt() {
    List<String> lines = JobText.details(job(webJob()), Terminal.plain());

    assertThat(lines).containsExactly(
        "id         web-1a2b3c4d",
        "name       web",
        "state      running",
        "command    /bin/sh -c 'echo '\\''hi there'\\''; sleep 60'",
        "submitted  2030-01-01T10:00:00Z (correlation id c-42)");
  }

  @Test
  void detailsShowReasonAndEndOnceThereAreSome() {
    JsonObject job = webJob().put("state", "failed")
        .put("reason", "instance 1 failed: exit code 3").put("ended_at", "2030-01-01T10:00:03Z");

    assertThat(JobText.details(job(job), Terminal.plain()))
        .contains("reason     instance 1 failed: exit code 3", "ended      2030-01-01T10:00:03Z");
  }

  @Test
  void exitIsTheCodeOrTheSignal() {
    assertThat(JobText.exit(read(new JsonObject().put("exit_code", 0).putNull("signal"),
        Instance.class))).isEqualTo("0");
    assertThat(JobText.exit(read(new JsonObject().putNull("exit_code").put("signal", 15),
        Instance.class))).isEqualTo("signal 15");
    assertThat(JobText.exit(read(new JsonObject(), Instance.class))).isEqualTo("-");
  }

  @Test
  void plainWordsAreNotQuoted() {
    JsonObject spec = new JsonObject().put("command", "/usr/bin/python3")
        .put("args", new JsonArray().add("-m").add("http.server").add("8765")
            .add("--bind").add("127.0.0.1"));

    assertThat(JobText.commandLine(read(spec, JobSpecView.class)))
        .isEqualTo("/usr/bin/python3 -m http.server 8765 --bind 127.0.0.1");
  }

  @Test
  void emptyArgumentIsQuoted() {
    JsonObject spec = new JsonObject().put("command", "/bin/echo")
        .put("args", new JsonArray().add(""));

    assertThat(JobText.commandLine(read(spec, JobSpecView.class))).isEqualTo("/bin/echo ''");
  }

  @Test
  void timesAreShownToTheSecond() {
    assertThat(JobText.time(Instant.parse("2030-01-01T10:00:00.999999Z")))
        .isEqualTo("2030-01-01T10:00:00Z");
    assertThat(JobText.time(null)).isEqualTo("-");
  }

  @Test
  void instanceStatesAreCountedInOrder() {
    assertThat(JobText.instanceStates(job(webJob()))).isEqualTo("1 running, 1 failed");
    assertThat(JobText.instanceStates(job(new JsonObject()))).isEqualTo("none");
  }

  @Test
  void stateLineAddsTheReason() {
    JsonObject job = webJob().put("state", "failed").put("reason", "instance 1 failed");

    assertThat(JobCommand.stateLine(job(job), Terminal.plain()))
        .isEqualTo("job web-1a2b3c4d failed: instance 1 failed");
    assertThat(JobCommand.stateLine(job(webJob()), Terminal.plain()))
        .isEqualTo("job web-1a2b3c4d running");
  }
}
