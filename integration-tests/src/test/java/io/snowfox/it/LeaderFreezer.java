package io.snowfox.it;

import static io.snowfox.it.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Once submissions are under way, stops the leading manager and its node's daemon (SIGSTOP)
 * for longer than the failure timeout, then resumes them (SIGCONT): the rest of the cluster
 * declares them gone and moves on, and then they come back, believing nothing happened.
 */
final class LeaderFreezer implements Disruption {

  private static final Duration FIND_LEADER = Duration.ofSeconds(60);

  private final ChaosCluster cluster;
  private final ChaosTimeline timeline;
  private final ChaosSettings settings;
  private final CountDownLatch done = new CountDownLatch(1);
  private Thread thread;
  private volatile Throwable failure;
  private volatile String frozenNode;

  LeaderFreezer(ChaosCluster cluster, ChaosTimeline timeline, ChaosSettings settings) {
    this.cluster = cluster;
    this.timeline = timeline;
    this.settings = settings;
  }

  @Override
  public void start() {
    thread = new Thread(() -> {
      try {
        // A third of the submissions go to the leader before it freezes.
        Thread.sleep(settings.submitSpread().toMillis() / 3);
        freezeLeader();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception | AssertionError e) {
        failure = e;
        timeline.add("the freezer failed: " + e);
      } finally {
        done.countDown();
      }
    }, "chaos-freezer");
    thread.start();
  }

  private void freezeLeader() throws Exception {
    String[] leader = new String[1];
    eventually(FIND_LEADER, () -> {
      leader[0] = cluster.leaderNode();
      assertThat(leader[0]).as("the one node whose manager leads").isNotNull();
    });
    frozenNode = leader[0];
    long manager = cluster.pidOf(leader[0], "manager");
    long daemon = cluster.pidOf(leader[0], "daemon");
    assertThat(manager).as("pid of the leading manager").isPositive();
    cluster.signal("STOP", manager, "leading manager of " + leader[0]);
    cluster.signal("STOP", daemon, "daemon of " + leader[0]);
    try {
      Thread.sleep(settings.freeze().toMillis());
    } finally {
      cluster.signal("CONT", daemon, "daemon of " + leader[0]);
      cluster.signal("CONT", manager, "leading manager of " + leader[0]);
    }
  }

  @Override
  public void stop() throws Exception {
    if (!done.await(settings.submitSpread().plus(settings.freeze()).toMillis() + 120_000,
        TimeUnit.MILLISECONDS)) {
      thread.interrupt();
    }
    thread.join(TimeUnit.SECONDS.toMillis(30));
    cluster.restartExitedDaemons();
    if (failure != null) {
      throw new AssertionError("the freezer failed", failure);
    }
  }

  @Override
  public String figures() {
    return frozenNode == null ? "no freeze"
        : "froze the manager and the daemon of " + frozenNode + " for "
            + settings.freeze().toSeconds() + " s";
  }
}
