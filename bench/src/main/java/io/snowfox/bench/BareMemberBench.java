package io.snowfox.bench;

import com.hazelcast.instance.BuildInfoProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cold starts of a {@link BareMember}: what one JVM with one Hazelcast member costs to start on
 * this machine, so that a node's time to GREEN reads as a multiple of it.
 */
final class BareMemberBench {

  static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /**
   * The cold starts, each from the launch to reading the member's readiness line.
   *
   * @param command the command line of the last run
   */
  record Result(String hazelcastVersion, List<String> command, List<Duration> starts) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  BareMemberBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  /** As many cold starts as the node gets, one after the other, each stopped before the next. */
  Result run() throws Exception {
    String clusterName = "bench-bare-" + ProcessHandle.current().pid();
    List<Duration> starts = new ArrayList<>();
    List<String> command = List.of();
    for (int run = 1; run <= options.coldStarts; run++) {
      // A fresh port each run: the last member's socket may linger in TIME_WAIT.
      command = JvmFlags.serverRole(BareMember.class, List.of(
          "--node-id", BareMember.NODE_ID, "--cluster-name", clusterName,
          "--bind", BusBench.LOOPBACK, "--cluster-port", Integer.toString(Ports.free())));
      ReadyLine.Started member = ReadyLine.start(processes, command,
          workDir.resolve("bare-member-" + run + ".err"), BareMember.READY, READY_TIMEOUT,
          "bare Hazelcast member");
      starts.add(member.ready());
      Processes.Stop stop = processes.stop(member.process().toHandle(), STOP_GRACE);
      BenchMain.say("bare member: run " + run + " up after " + member.ready().toMillis()
          + " ms, stopped in " + stop.elapsed().toMillis() + " ms");
    }
    return new Result(BuildInfoProvider.getBuildInfo().getVersion(), command, starts);
  }
}
