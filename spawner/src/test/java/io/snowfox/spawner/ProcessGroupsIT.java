package io.snowfox.spawner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signalling real process groups: a shell with a child, each in a session of its own. */
class ProcessGroupsIT {

  private final List<Process> started = new ArrayList<>();
  private final ProcessGroups groups = new ProcessGroups();

  @AfterEach
  void stopEverything() {
    groups.close();
    for (Process process : started) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** A group leader (sh) with a child (sleep) in its group, as a run with a child of its own. */
  private Process groupWithAChild() throws IOException {
    Process leader = new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c", "sleep 60 & wait")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    started.add(leader);
    return leader;
  }

  @Test
  void aSignalReachesTheLeaderAndItsChildren() throws Exception {
    Process leader = groupWithAChild();
    awaitChild(leader);
    ProcessHandle child = leader.descendants().findFirst().orElseThrow();

    assertThat(groups.signal(leader.pid(), "KILL")).isTrue();

    assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    assertThat(groups.signal(leader.pid(), "KILL")).as("no process of the group is left")
        .isFalse();
  }

  @Test
  void oneShellSignalsGroupAfterGroupAndAnotherReplacesItAfterClose() throws Exception {
    for (int i = 0; i < 3; i++) {
      Process leader = groupWithAChild();
      awaitChild(leader);
      assertThat(groups.signal(leader.pid(), "TERM")).isTrue();
      assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
      groups.close();
    }
  }

  @Test
  void aSignalNameTheShellDoesNotKnowStillReachesTheGroup() throws Exception {
    Process leader = groupWithAChild();
    awaitChild(leader);

    assertThat(groups.signal(leader.pid(), "SIGTERM")).isTrue();

    assertThat(leader.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusesGroupsThatAreNotRunsAndNamesThatAreNotSignals() {
    assertThatThrownBy(() -> groups.signal(1, "KILL")).hasMessageContaining("group 1");
    assertThatThrownBy(() -> groups.signal(0, "KILL")).hasMessageContaining("group 0");
    assertThatThrownBy(() -> groups.signal(1234, "KILL; reboot"))
        .hasMessageContaining("not a signal name");
  }

  private static void awaitChild(Process leader) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (leader.descendants().findAny().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
