package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node started as {@code nohup snowfox daemon} (SIGHUP ignored): the daemon keeps ignoring
 * the hangup it was started to survive, and the jobs it runs do not inherit that; a run gets
 * SIGHUP as it would from a shell, and ends of it.
 */
class NohupIT {

  /** SIGHUP's bit in the masks of /proc/PID/status. */
  private static final long HUP = 1L << (1 - 1);

  private static TestNode node;
  private static JobApi jobs;

  @BeforeAll
  static void startNode() throws Exception {
    node = TestNode.startIgnoringHangup("nohup", List.of());
    node.awaitGreen();
    jobs = new JobApi(node.apiUrl());
  }

  @AfterAll
  static void stopNode() throws Exception {
    try {
      if (jobs != null) {
        jobs.stopAll();
      }
    } finally {
      node.close();
    }
  }

  @Test
  void aRunOfANodeStartedUnderNohupEndsOnSighupAsFromAShell() throws Exception {
    assertThat(ignored(node.daemonPid()) & HUP).as("the daemon ignores SIGHUP, as nohup made it")
        .isEqualTo(HUP);
    JsonObject spawner = TestNode.subsystem(node.awaitGreen(), "spawner");
    assertThat(ignored(spawner.getLong("pid")) & HUP).as("the spawner does not").isZero();

    String id = jobs.submit(new JsonObject().put("name", "hangup").put("command", "/bin/sleep")
        .put("args", new JsonArray().add("300"))
        .put("restart", new JsonObject().put("policy", "never")));
    jobs.remember(id);
    long pid = jobs.awaitState(id, "running").getJsonArray("instances").getJsonObject(0)
        .getLong("pid");
    assertThat(ignored(pid) & HUP).as("the run does not ignore SIGHUP").isZero();

    Process hangup = new ProcessBuilder("kill", "-s", "HUP", Long.toString(pid)).start();
    assertThat(hangup.waitFor()).isZero();

    JsonObject job = jobs.awaitState(id, "failed");
    JsonObject instance = job.getJsonArray("instances").getJsonObject(0);
    assertThat(instance.getInteger("signal")).as("instance %s", instance.encode()).isEqualTo(1);
    eventually(JobApi.WAIT, () -> assertThat(ProcessHandle.of(pid)
        .map(ProcessHandle::isAlive).orElse(false)).isFalse());
  }

  /** The signals a process ignores (SigIgn of /proc/PID/status). */
  private static long ignored(long pid) throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("SigIgn:")) {
        return Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
      }
    }
    throw new AssertionError("no SigIgn in /proc/" + pid + "/status");
  }
}
