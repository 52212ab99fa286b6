package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Jobs end to end on one real node, through the HTTP API. */
class JobsIT {

  private static final String JSON = "application/json";
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static TestNode node;
  private final List<String> started = new ArrayList<>();
  private JobApi api;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.start("jobs", List.of());
    node.awaitGreen();
  }

  @AfterAll
  static void stopNode() throws Exception {
    node.close();
  }

  @BeforeEach
  void newApi() {
    api = new JobApi(node.apiUrl());
  }

  @AfterEach
  void stopJobs() throws Exception {
    started.forEach(api::remember);
    api.stopAll();
  }

  private String submit(JsonObject spec) throws Exception {
    return api.submit(spec);
  }

  private JsonObject job(String id) throws Exception {
    return api.job(id);
  }

  private JsonObject awaitState(String id, String state) {
    return api.awaitState(id, state);
  }

  private String logs(String id, String query) throws Exception {
    return api.logs(id, query);
  }

  private static JsonObject sh(String name, String script) {
    return new JsonObject().put("name", name).put("command", "/bin/sh")
        .put("args", new JsonArray().add("-c").add(script));
  }

  @Test
  void jobThatPrintsAndExitsRunsAndItsOutputIsReadBack() throws Exception {
    String marker = UUID.randomUUID().toString();
    String id = submit(sh("hello", "echo hello " + marker + "; echo warning >&2"));

    JsonObject job = awaitState(id, "complete");

    JsonObject instance = job.getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getString("state")).isEqualTo("exited");
    assertThat(instance.getInteger("exit_code")).isZero();
    assertThat(instance.getString("node")).isEqualTo("jobs");
    assertThat(logs(id, "stream=stdout")).isEqualTo("hello " + marker + "\n");
    assertThat(logs(id, "stream=stderr")).isEqualTo("warning\n");
  }

  @Test
  void aSubmissionRetriedWithItsCorrelationIdIsTheSameJob() throws Exception {
    String correlationId = "retry-" + UUID.randomUUID();
    String spec = sh("once", "echo once").encode();

    Http.Answer first = Http.post(node.apiUrl() + "/v1/jobs", JSON, spec, correlationId);
    Http.Answer again = Http.post(node.apiUrl() + "/v1/jobs", JSON, spec, correlationId);
    Http.Answer other = Http.post(node.apiUrl() + "/v1/jobs", JSON, spec);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    String id = first.json().getString("id");
    started.add(id);
    started.add(other.json().getString("id"));
    assertThat(again.json().getString("id")).isEqualTo(id);
    assertThat(other.json().getString("id")).isNotEqualTo(id);
    awaitState(id, "complete");
    assertThat(logs(id, "")).isEqualTo("once\n");
  }

  @Test
  void yamlSpecIsAcceptedLikeJson() throws Exception {
    Http.Answer answer = Http.post(node.apiUrl() + "/v1/jobs", "application/yaml",
        "name: yaml-job\ncommand: /bin/echo\nargs: [from, yaml]\n");
    assertThat(answer.status()).isEqualTo(201);
    String id = answer.json().getString("id");
    started.add(id);

    awaitState(id, "complete");
    assertThat(logs(id, "")).isEqualTo("from yaml\n");
  }

  @Test
  void failingJobIsRestartedPerPolicyThenMarkedFailed() throws Exception {
    String id = submit(sh("failing", "echo try; exit 3").put("restart", new JsonObject()
        .put("policy", "on-failure").put("max_restarts", 2).put("backoff", "100ms")));

    JsonObject job = awaitState(id, "failed");

    JsonObject instance = job.getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getString("state")).isEqualTo("failed");
    assertThat(instance.getInteger("restarts")).isEqualTo(2);
    assertThat(instance.getInteger("exit_code")).isEqualTo(3);
    assertThat(job.getString("reason")).contains("exit code 3").contains("2 restart");
    assertThat(logs(id, "")).isEqualTo("try\ntry\ntry\n");
  }

  @Test
  void alwaysPolicyRestartsAKilledInstance() throws Exception {
    String id = submit(new JsonObject().put("name", "service").put("command", "/bin/sleep")
        .put("args", new JsonArray().add("300"))
        .put("restart", new JsonObject().put("policy", "always").put("backoff", "100ms")));
    long pid = awaitState(id, "running").getJsonArray("instances").getJsonObject(0)
        .getLong("pid");

    TestNode.kill(pid, true);

    eventually(WAIT, () -> {
      JsonObject instance = job(id).getJsonArray("instances").getJsonObject(0);
      assertThat(instance.getString("state")).as("instance %s", instance.encode())
          .isEqualTo("running");
      assertThat(instance.getInteger("restarts")).isEqualTo(1);
      assertThat(instance.getLong("pid")).isNotEqualTo(pid);
    });
  }

  @Test
  void stopKillsTheJobAndEveryProcessItStarted() throws Exception {
    String id = submit(sh("tree", "sleep 300 & sleep 300 & wait").put("kill_timeout", "2s"));
    long leader = awaitState(id, "running").getJsonArray("instances").getJsonObject(0)
        .getLong("pid");
    eventually(WAIT, () -> assertThat(Groups.liveMembers(leader)).hasSize(3));

    Http.Answer stop = Http.delete(node.apiUrl() + "/v1/jobs/" + id);

    assertThat(stop.status()).isEqualTo(202);
    JsonObject job = awaitState(id, "stopped");
    assertThat(job.getJsonArray("instances").getJsonObject(0).getString("state"))
        .isEqualTo("killed");
    eventually(Duration.ofSeconds(10), () -> assertThat(Groups.liveMembers(leader)).isEmpty());
  }

  @Test
  void followedLogsStreamLinesAsTheyAreWrittenAndEndWithTheInstance() throws Exception {
    String id = submit(sh("ticker", "for i in 1 2 3 4 5; do echo line-$i; sleep 0.4; done"));
    awaitState(id, "running");

    List<String> lines = new ArrayList<>();
    String stateAtFirstLine;
    try (InputStream body = Http.stream(node.apiUrl() + "/v1/jobs/" + id
        + "/logs?follow=true");
        BufferedReader reader = new BufferedReader(
            new InputStreamReader(body, StandardCharsets.UTF_8))) {
      lines.add(reader.readLine());
      stateAtFirstLine = job(id).getString("state");
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
      }
    }

    assertThat(stateAtFirstLine).isEqualTo("running");
    assertThat(lines).containsExactly("line-1", "line-2", "line-3", "line-4", "line-5");
    assertThat(job(id).getString("state")).isEqualTo("complete");
  }

  @Test
  void tailReturnsTheLastLines() throws Exception {
    String id = submit(sh("counter", "for i in 1 2 3 4 5 6; do echo $i; done"));
    awaitState(id, "complete");

    assertThat(logs(id, "tail=2")).isEqualTo("5\n6\n");
  }

  @Test
  void jobRunsAsTheUserItNames() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "switching users needs a spawner running as root");
    String id = submit(new JsonObject().put("name", "as-nobody").put("command", "/usr/bin/id")
        .put("args", new JsonArray().add("-un")).put("user", "nobody"));

    awaitState(id, "complete");

    assertThat(logs(id, "")).isEqualTo("nobody\n");
  }

  /** A job running {@code /usr/bin/id ARGS} as {@code user} (none when null). */
  static JsonObject id(String name, String user, String... args) {
    JsonObject spec = new JsonObject().put("name", name).put("command", "/usr/bin/id")
        .put("args", new JsonArray(List.of((Object[]) args)));
    return user == null ? spec : spec.put("user", user);
  }

  @Test
  void aRootJobIsRefusedWith403WhateverNameItGivesRoot() throws Exception {
    for (String root : List.of("root", "0")) {
      Http.Answer answer = api.post(id("as-root", root, "-u"));

      assertThat(answer.status()).as("answer to user %s: %s", root, answer.body())
          .isEqualTo(403);
      JsonObject body = answer.json();
      assertThat(body.getString("error")).isEqualTo("FORBIDDEN");
      assertThat(body.getString("message")).contains("'" + root + "' is uid 0")
          .contains("--allow-root-jobs");
      assertThat(body.getString("correlation_id")).isEqualTo(answer.correlationId())
          .isNotBlank();
    }
    Http.Answer group = api.post(id("in-roots-group", null, "-g").put("group", "root"));
    assertThat(group.status()).as(group.body()).isEqualTo(403);
    assertThat(group.json().getString("message")).contains("gid 0")
        .contains("--allow-root-jobs");
    assertThat(Http.get(node.apiUrl() + "/v1/jobs").body()).as("no job was created")
        .doesNotContain("as-root").doesNotContain("in-roots-group");
  }

  @Test
  void aJobThatNamesNoUserRunsAsNobodyAndNobodysGroupUnderARootSpawner() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
        "the job user applies under a spawner running as root");
    String user = submit(id("unnamed", null, "-un"));
    String groups = submit(id("unnamed-groups", null, "-Gn"));
    String env = submit(new JsonObject().put("name", "unnamed-env").put("command", "/bin/sh")
        .put("args", new JsonArray().add("-c").add("echo $USER $LOGNAME $HOME")));

    awaitState(user, "complete");
    awaitState(groups, "complete");
    awaitState(env, "complete");

    assertThat(logs(user, "")).isEqualTo("nobody\n");
    assertThat(logs(groups, "")).as("every group, none of them root's").isEqualTo("nogroup\n");
    assertThat(logs(env, "")).as("nobody's own USER, LOGNAME and HOME, not root's")
        .isEqualTo("nobody nobody /nonexistent\n");
  }

  @Test
  void tenInstancesAllRun() throws Exception {
    String id = submit(new JsonObject().put("name", "batch").put("command", "/bin/sleep")
        .put("args", new JsonArray().add("300")).put("instances", 10));

    JsonObject job = awaitState(id, "running");

    JsonArray instances = job.getJsonArray("instances");
    assertThat(instances.size()).isEqualTo(10);
    Set<Long> pids = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      assertThat(instances.getJsonObject(i).getString("state"))
          .as("instance %d of %s", i, job.encodePrettily()).isEqualTo("running");
      pids.add(instances.getJsonObject(i).getLong("pid"));
    }
    assertThat(pids).hasSize(10).allSatisfy(pid ->
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true));
  }

  @Test
  void badSpecsAndRequestsGetTheRight4xxWithTheCorrelationId() throws Exception {
    String jobs = node.apiUrl() + "/v1/jobs";
    List<Object[]> cases = List.of(
        new Object[] {Http.post(jobs, JSON, "{\"name\":\"x\",\"command\":\"/bin/true\","
            + "\"colour\":\"red\"}"), 400, "colour: unknown field"},
        new Object[] {Http.post(jobs, JSON, "{\"name\":\"x\"}"), 400, "command: required"},
        new Object[] {Http.post(jobs, JSON, "{\"name\":\"x\",\"command\":\"/bin/true\","
            + "\"instances\":\"two\"}"), 400, "instances: expected a whole number"},
        new Object[] {Http.post(jobs, JSON, "{\"name\":\"x\",\"command\":\"/bin/true\","
            + "\"restart\":{\"policy\":\"sometimes\"}}"), 400, "restart.policy"},
        new Object[] {Http.post(jobs, JSON, "{\"name\":\"x\",\"command\":\"/bin/true\","
            + "\"kill_timeout\":\"soon\"}"), 400, "kill_timeout: invalid duration"},
        new Object[] {Http.post(jobs, JSON, "{\"name\":\"x\",\"command\":\"/bin/true\","
            + "\"instances\":5000}"), 400, "instances: must be 1-1000"},
        new Object[] {Http.post(jobs, JSON, "{not json"), 400, "not valid JSON"},
        new Object[] {Http.post(jobs, "application/yaml", "name: [unclosed"), 400,
            "not valid YAML"},
        new Object[] {Http.post(jobs, "text/plain", "hello"), 415, "application/json"},
        new Object[] {Http.post(jobs, JSON, "x".repeat(2 * 1024 * 1024)), 413, "larger than"},
        new Object[] {Http.get(jobs + "/no-such-job"), 404, "no job 'no-such-job'"},
        new Object[] {Http.method("PUT", jobs), 405, "PUT is not allowed"},
        new Object[] {Http.get(jobs + "?state=sleeping"), 400, "state: must be"},
        new Object[] {Http.get(jobs + "/no-such-job/logs?stream=stdin"), 400,
            "stream: must be stdout or stderr"},
        new Object[] {Http.get(node.apiUrl() + "/v2/everything"), 404, "no such resource"});
    for (Object[] c : cases) {
      Http.Answer answer = (Http.Answer) c[0];
      assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(c[1]);
      JsonObject body = answer.json();
      assertThat(body.getString("message")).contains((String) c[2]);
      assertThat(body.getString("error")).isNotBlank();
      assertThat(body.getString("correlation_id")).isEqualTo(answer.correlationId())
          .isNotBlank();
    }
  }

  @Test
  void workloadSurvivesASpawnerRestartAndStaysUnderControl() throws Exception {
    String id = submit(new JsonObject().put("name", "survivor").put("command", "/bin/sleep")
        .put("args", new JsonArray().add("300")).put("kill_timeout", "2s"));
    long pid = awaitState(id, "running").getJsonArray("instances").getJsonObject(0)
        .getLong("pid");
    long spawner = TestNode.subsystem(node.info().getJsonObject("node"), "spawner")
        .getLong("pid");

    TestNode.kill(spawner, true);

    eventually(WAIT, () -> {
      JsonObject info = node.info().getJsonObject("node");
      assertThat(TestNode.subsystem(info, "spawner").getLong("pid")).isNotEqualTo(spawner);
      assertThat(info.getString("status")).isEqualTo("GREEN");
    });
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    // Not an eventual condition but a lasting one: the instance must still be the same running
    // process after the manager has compared it with the new spawner's runs (every 10 s).
    Thread.sleep(Duration.ofSeconds(12).toMillis());
    JsonObject instance = job(id).getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getString("state")).as("instance %s", instance.encode())
        .isEqualTo("running");
    assertThat(instance.getLong("pid")).isEqualTo(pid);

    assertThat(Http.delete(node.apiUrl() + "/v1/jobs/" + id).status()).isEqualTo(202);
    awaitState(id, "stopped");
    eventually(Duration.ofSeconds(10), () -> assertThat(Groups.liveMembers(pid)).isEmpty());
  }

  @Test
  void managerKilledMidJobComesBackKnowingEveryJob() throws Exception {
    String done = submit(sh("done-before", "echo done"));
    awaitState(done, "complete");
    String running = submit(new JsonObject().put("name", "long").put("command", "/bin/sleep")
        .put("args", new JsonArray().add("300")));
    long pid = awaitState(running, "running").getJsonArray("instances").getJsonObject(0)
        .getLong("pid");
    long manager = TestNode.subsystem(node.info().getJsonObject("node"), "manager")
        .getLong("pid");

    TestNode.kill(manager, true);

    eventually(WAIT, () -> {
      JsonObject info = node.info().getJsonObject("node");
      assertThat(TestNode.subsystem(info, "manager").getLong("pid")).isNotEqualTo(manager);
      assertThat(info.getString("status")).isEqualTo("GREEN");
    });
    eventually(WAIT, () -> {
      assertThat(job(done).getString("state")).isEqualTo("complete");
      JsonObject instance = job(running).getJsonArray("instances").getJsonObject(0);
      assertThat(instance.getString("state")).as("instance %s", instance.encode())
          .isEqualTo("running");
      assertThat(instance.getLong("pid")).isEqualTo(pid);
    });
    assertThat(Http.delete(node.apiUrl() + "/v1/jobs/" + running).status()).isEqualTo(202);
    awaitState(running, "stopped");
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(
        java.util.Optional.of(true));
  }
}
