package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.manager.store.H2JobStore;
import io.snowfox.manager.store.JobWrite;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.Constraints;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A whole node stopped and started again on the same data dir keeps every job. */
class NodeRestartIT {

  @Test
  void jobsAcknowledgedJustBeforeTheNodeCrashesAreKnownAfterItComesBack() throws Exception {
    // The jobs ask for a label no node has: they stay pending, so what the restarted node shows
    // comes from the store alone, not from runs that happened to start before the crash.
    JsonObject spec = new JsonObject().put("command", "/bin/true")
        .put("constraints", new JsonObject().put("labels", new JsonObject().put("zone", "mars")));
    List<String> ids = new ArrayList<>();
    TestNode first = TestNode.start("crash", List.of());
    TestNode second = null;
    try {
      first.awaitGreen();
      for (int i = 0; i < 5; i++) {
        Http.Answer answer = Http.post(first.apiUrl() + "/v1/jobs", "application/json",
            spec.copy().put("name", "acked-" + i).encode());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        ids.add(answer.json().getString("id"));
      }

      first.crash();

      second = TestNode.restart(first);
      second.awaitGreen();
      for (int i = 0; i < ids.size(); i++) {
        Http.Answer answer = Http.get(second.apiUrl() + "/v1/jobs/" + ids.get(i));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonObject job = answer.json().getJsonObject("job");
        assertThat(job.getString("name")).isEqualTo("acked-" + i);
        assertThat(job.getString("state")).isEqualTo("pending");
      }
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }

  /**
   * A job whose only copies are one node's store: the cluster map lost it (here the whole
   * cluster went, and another node started a new one). When that node's manager comes back as
   * a standby, it offers the job to the leader, which takes it back: it is listed, with its id,
   * spec and state, and it is not offered again.
   */
  @Test
  void aJobOnlyTheStoreOfARejoiningNodeHoldsIsTakenBackByTheLeader() throws Exception {
    JsonObject spec = new JsonObject().put("name", "kept").put("command", "/bin/true")
        .put("constraints", new JsonObject().put("labels", new JsonObject().put("zone", "mars")));
    TestNode holder = TestNode.start("holder", List.of());
    TestNode leader = null;
    TestNode back = null;
    try {
      holder.awaitGreen();
      Http.Answer answer = Http.post(holder.apiUrl() + "/v1/jobs", "application/json",
          spec.encode());
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      String id = answer.json().getString("id");
      holder.crash();

      leader = TestNode.start("leader", List.of());
      leader.awaitGreen();
      assertThat(Http.get(leader.apiUrl() + "/v1/jobs/" + id).status()).isEqualTo(404);

      back = TestNode.restart(holder, List.of("--seed", leader.seed()));
      String api = leader.apiUrl();
      eventually(Duration.ofSeconds(90), () -> {
        Http.Answer got = Http.get(api + "/v1/jobs/" + id);
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        JsonObject job = got.json().getJsonObject("job");
        assertThat(job.getString("name")).isEqualTo("kept");
        assertThat(job.getString("state")).isEqualTo("pending");
      });
      TestNode restarted = back;
      eventually(Duration.ofSeconds(30), () -> assertThat(restarted.logLines("manager"))
          .anyMatch(line -> line.contains("the leader took back 1 of the 1 job(s) offered")));
    } finally {
      if (back != null) {
        back.close();
      }
      if (leader != null) {
        leader.close();
      }
      holder.close();
    }
  }

  /**
   * The whole cluster stops in one order and starts in the other: the node that left first
   * leads again with its older copy of a job, and the node that left last, whose store holds
   * the stop it acknowledged alone, comes back as a standby and offers that newer version. The
   * leader takes it: an acknowledged stop is not undone by the order of a restart.
   */
  @Test
  void aNewerVersionOnlyTheStoreOfARejoiningNodeHoldsWinsOverTheLeadersOlderCopy()
      throws Exception {
    JsonObject spec = new JsonObject().put("name", "stopped-later").put("command", "/bin/true")
        .put("constraints", new JsonObject().put("labels", new JsonObject().put("zone", "mars")));
    TestNode last = TestNode.start("left-last", List.of());
    TestNode first = null;
    TestNode firstBack = null;
    TestNode lastBack = null;
    try {
      last.awaitGreen();
      Http.Answer answer = Http.post(last.apiUrl() + "/v1/jobs", "application/json",
          spec.encode());
      assertThat(answer.status()).as(answer.body()).isEqualTo(201);
      String id = answer.json().getString("id");
      first = TestNode.start("left-first", List.of("--seed", last.seed()));
      first.awaitStatus(last.apiUrl(), "GREEN");
      TestNode copier = first;
      eventually(Duration.ofSeconds(60), () -> assertThat(copier.logLines("manager"))
          .anyMatch(line -> line.contains("1 job(s) copied from the cluster map")));
      first.crash();

      assertThat(Http.delete(last.apiUrl() + "/v1/jobs/" + id).status()).isEqualTo(202);
      String lastApi = last.apiUrl();
      eventually(Duration.ofSeconds(30), () -> assertThat(Http.get(lastApi + "/v1/jobs/" + id)
          .json().getJsonObject("job").getString("state")).isEqualTo("stopped"));
      last.crash();

      firstBack = TestNode.restart(first);
      firstBack.awaitGreen();
      String api = firstBack.apiUrl();
      assertThat(Http.get(api + "/v1/jobs/" + id).json().getJsonObject("job")
          .getString("state")).isEqualTo("pending");

      lastBack = TestNode.restart(last, List.of("--seed", first.seed()));
      eventually(Duration.ofSeconds(90), () -> assertThat(Http.get(api + "/v1/jobs/" + id)
          .json().getJsonObject("job").getString("state")).isEqualTo("stopped"));
      TestNode offering = lastBack;
      eventually(Duration.ofSeconds(30), () -> assertThat(offering.logLines("manager"))
          .anyMatch(line -> line.contains("the leader took back 1 of the 1 job(s) offered")));
    } finally {
      for (TestNode node : java.util.Arrays.asList(lastBack, firstBack, first)) {
        if (node != null) {
          node.close();
        }
      }
      last.close();
    }
  }

  /**
   * A node whose store was left behind for days comes back: it offers the leader what its store
   * holds and the map lacks. A pending job is taken back; a job that ended longer than the
   * leader's retention ago is refused (its removal, and its tombstone, are older than that) and
   * the node forgets it: a removed job does not come back.
   */
  @Test
  void anEndedJobPastTheRetentionThatAReturningStoreOffersIsRefused() throws Exception {
    long now = System.currentTimeMillis() * 1000;
    long twoDaysAgo = now - 2L * 24 * 3600 * 1_000_000;
    JobSpec spec = JobSpec.newBuilder().setName("left-behind").setCommand("/bin/true")
        .setInstances(1).setNamespace("default").build();
    Job pending = Job.newBuilder().setId("left-pending").setVersion(1)
        .setState(JobState.JOB_STATE_PENDING).setSubmittedAtMicros(twoDaysAgo)
        .setCorrelationId("left-pending-request")
        .setSpec(spec.toBuilder().setConstraints(Constraints.newBuilder()
            .putLabels("zone", "mars")))
        .addInstances(Instance.newBuilder().setIndex(0)
            .setState(InstanceState.INSTANCE_STATE_PENDING))
        .build();
    Job ended = Job.newBuilder().setId("left-ended").setVersion(4)
        .setState(JobState.JOB_STATE_COMPLETE).setSubmittedAtMicros(twoDaysAgo - 20_000)
        .setEndedAtMicros(twoDaysAgo).setCorrelationId("left-ended-request").setSpec(spec)
        .addInstances(Instance.newBuilder().setIndex(0)
            .setState(InstanceState.INSTANCE_STATE_EXITED).setExitCode(0).setNodeId("left")
            .setRunId("left-ended.0.0").setStartAttempts(1))
        .build();
    Path leftDir = TestNode.newDataDir("left");
    try (H2JobStore store = H2JobStore.open(leftDir)) {
      store.write(List.of(new JobWrite.Save(pending), new JobWrite.Save(ended)));
    }
    TestNode leader = TestNode.start("stayed", List.of());
    TestNode left = null;
    try {
      leader.awaitGreen();
      left = TestNode.startIn(leftDir, "left", List.of("--seed", leader.seed()));
      String api = leader.apiUrl();
      eventually(Duration.ofSeconds(90), () -> assertThat(Http.get(api + "/v1/jobs/left-pending")
          .status()).isEqualTo(200));
      TestNode back = left;
      eventually(Duration.ofSeconds(30), () -> assertThat(back.logLines("manager"))
          .anyMatch(line -> line.contains("the leader took back 1 of the 2 job(s) offered")));
      assertThat(leader.logLines("manager")).anyMatch(line -> line.contains("job left-ended "
          + "offered by the manager of node left") && line.contains("refused, it ended longer "
          + "ago than the retention"));
      assertThat(Http.get(api + "/v1/jobs/left-ended").status()).isEqualTo(404);

      // The returning node forgot the refused job: its store holds what it follows only.
      left.close();
      try (H2JobStore store = H2JobStore.open(leftDir)) {
        assertThat(store.ids()).contains("left-pending").doesNotContain("left-ended");
      }
    } finally {
      if (left != null) {
        left.close();
      }
      leader.close();
    }
  }

  @Test
  void wholeNodeRestartStillListsEveryJob() throws Exception {
    List<String> ids = new ArrayList<>();
    TestNode first = TestNode.start("restart", List.of());
    TestNode second = null;
    try {
      first.awaitGreen();
      for (String name : List.of("one", "two", "three")) {
        Http.Answer answer = Http.post(first.apiUrl() + "/v1/jobs", "application/json",
            new JsonObject().put("name", name).put("command", "/bin/echo")
                .put("args", new JsonArray().add(name)).encode());
        assertThat(answer.status()).isEqualTo(201);
        ids.add(answer.json().getString("id"));
      }
      eventually(Duration.ofSeconds(60), () -> {
        for (String id : ids) {
          assertThat(Http.get(first.apiUrl() + "/v1/jobs/" + id).json().getJsonObject("job")
              .getString("state")).isEqualTo("complete");
        }
      });

      TestNode.kill(first.daemonPid(), false);
      assertThat(first.daemonProcess().waitFor(60, TimeUnit.SECONDS)).isTrue();

      second = TestNode.restart(first);
      second.awaitGreen();
      JsonArray jobs = Http.get(second.apiUrl() + "/v1/jobs").json().getJsonArray("jobs");
      List<String> listed = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        JsonObject job = jobs.getJsonObject(i);
        listed.add(job.getString("id"));
        assertThat(job.getString("state")).isEqualTo("complete");
      }
      assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(Http.get(second.apiUrl() + "/v1/jobs/" + ids.get(1) + "/logs").body())
          .isEqualTo("two\n");
    } finally {
      if (second != null) {
        second.close();
      }
      first.close();
    }
  }
}
