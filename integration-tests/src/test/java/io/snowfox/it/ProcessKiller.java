package io.snowfox.it;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every few seconds, {@code kill -9} of one SnowFox process picked at random: any node, any
 * role. Children are brought back by their daemon; a daemon, which nothing supervises, is
 * started again by {@link ChaosCluster#killDaemonAndRestart}. Processes are picked by pid,
 * never by name.
 */
final class ProcessKiller implements Disruption {

  private final ChaosCluster cluster;
  private final ChaosTimeline timeline;
  private final ChaosSettings settings;
  private final Random random;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Map<String, Integer> kills = new TreeMap<>();
  private int skipped;
  private Thread thread;
  private volatile Throwable failure;

  ProcessKiller(ChaosCluster cluster, ChaosTimeline timeline, ChaosSettings settings) {
    this.cluster = cluster;
    this.timeline = timeline;
    this.settings = settings;
    this.random = new Random(settings.seed());
  }

  @Override
  public void start() {
    thread = new Thread(this::killUntilStopped, "chaos-killer");
    thread.start();
  }

  private void killUntilStopped() {
    try {
      long mean = settings.killEvery().toMillis();
      while (!stopped.await(mean / 2 + (long) (random.nextDouble() * mean), TimeUnit.MILLISECONDS)) {
        killOne();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | AssertionError e) {
      failure = e;
      timeline.add("the killer failed: " + e);
    }
  }

  private void killOne() throws Exception {
    cluster.restartExitedDaemons();
    String nodeId = cluster.nodeIds().get(random.nextInt(cluster.nodeIds().size()));
    String role = ChaosCluster.ROLES.get(random.nextInt(ChaosCluster.ROLES.size()));
    if (role.equals("daemon")) {
      cluster.killDaemonAndRestart(nodeId);
    } else {
      long pid = cluster.pidOf(nodeId, role);
      if (pid == 0) {
        skipped++;
        timeline.add("no " + role + " of " + nodeId + " to kill (not running, or no API knows)");
        return;
      }
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      timeline.add("kill -9 " + role + " of " + nodeId + " (pid " + pid + ")");
    }
    synchronized (kills) {
      kills.merge(role, 1, Integer::sum);
    }
  }

  @Override
  public void stop() throws Exception {
    stopped.countDown();
    thread.join(TimeUnit.MINUTES.toMillis(2));
    cluster.restartExitedDaemons();
    if (failure != null) {
      throw new AssertionError("the killer failed", failure);
    }
  }

  @Override
  public String figures() {
    synchronized (kills) {
      int total = kills.values().stream().mapToInt(Integer::intValue).sum();
      return "kills " + total + " " + kills + ", picks with nothing to kill " + skipped;
    }
  }
}
