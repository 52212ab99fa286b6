package io.snowfox.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The Markdown report of one run: the machine, the command, a table per measurement. */
final class Report {

  /** The parts measured by the "node" part: sections 2 (with the bare member) to 4. */
  record Node(Outcome<BareMemberBench.Result> bareMember,
      Outcome<List<NodeBench.ColdStart>> coldStarts, Outcome<NodeBench.Memory> memory,
      Outcome<NodeBench.Cli> cli) {

    boolean ok() {
      return bareMember.ok() && coldStarts.ok() && memory.ok() && cli.ok();
    }
  }

  /**
   * What the run measured; any part may have failed; a part {@code --only} left out is null,
   * and so is the profile with {@code --profile-jobs 0}.
   */
  record Parts(Outcome<BusBench.Result> bus, Node node, JobBench.Result jobs,
      Outcome<ProfileBench.Result> profile, Outcome<HistoryBench.Result> history,
      Outcome<BurstBench.Result> burst, Outcome<ScaleBench.Result> scale,
      Outcome<NodeLossBench.Result> nodeLoss) {

    /** True when every part that ran succeeded. */
    boolean ok() {
      return (bus == null || bus.ok()) && (node == null || node.ok())
          && (jobs == null || jobs.ok()) && (profile == null || profile.ok())
          && (history == null || history.ok() && history.value().history().ok())
          && (burst == null || burst.ok())
          && (scale == null || scale.ok() && scale.value().ok())
          && (nodeLoss == null || nodeLoss.ok() && nodeLoss.value().stoppedBy() == null);
    }
  }

  private static final String COLD_START_HEADER =
      "| Run | First HTTP answer s | GREEN s | Stop s |";
  private static final String COLD_START_RULE = "|---|--:|--:|--:|";

  private final BenchOptions options;
  private final Machine machine;
  private final String takenAt;
  private final String loadAtStart;
  private final StringBuilder md = new StringBuilder();

  Report(BenchOptions options, Machine machine, String takenAt, String loadAtStart) {
    this.options = options;
    this.machine = machine;
    this.takenAt = takenAt;
    this.loadAtStart = loadAtStart;
  }

  void write(Path file, Parts parts) throws IOException {
    header();
    if (parts.bus() != null) {
      bus(parts.bus());
    }
    if (parts.node() != null) {
      coldStarts(parts.node().coldStarts(), parts.node().bareMember());
      memory(parts.node().memory());
      cli(parts.node().cli());
    }
    if (parts.jobs() != null) {
      md.append(new JobReport(options).render(parts.jobs()));
    }
    // With --profile-jobs 0 the section stays, saying so.
    if (options.runs("profile")) {
      md.append(new ProfileReport(options).render(parts.profile()));
    }
    if (parts.history() != null) {
      md.append(new HistoryReport(options).render(parts.history()));
    }
    if (parts.burst() != null) {
      md.append(new BurstReport(options).render(parts.burst()));
    }
    if (parts.scale() != null) {
      md.append(new ScaleReport(options).render(parts.scale()));
    }
    if (parts.nodeLoss() != null) {
      md.append(new NodeLossReport().render(parts.nodeLoss()));
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
  }

  private void header() {
    line("# SnowFox benchmarks");
    line("");
    line("> **One run on a 2-core machine.** No other work of the project ran during it (the "
        + "load average below rises because of the benchmark itself: every system measured "
        + "shares the two cores with the load generator). Read the figures as orders of "
        + "magnitude and as where time goes, and compare rows of the same run.");
    line("");
    line("Taken " + takenAt + " with:");
    line("");
    line("    " + (options.command == null ? "bench/run.sh" : options.command.trim()));
    line("");
    line("which runs `java " + String.join(" ",
        ManagementFactory.getRuntimeMXBean().getInputArguments())
        + " -cp 'bench/target/snowfox-bench-*.jar:bench/target/lib/*' "
        + BenchMain.class.getName() + " --dist " + options.dist + " --out " + options.out
        + "` (build first: `mvn -B -o -DskipTests install`; `bench/run.sh --help` lists the "
        + "knobs).");
    line("");
    line("## Machine");
    line("");
    line("| | |");
    line("|---|---|");
    line("| CPUs (`nproc`) | " + machine.cpus() + " |");
    line("| CPU model | " + machine.cpuModel() + " |");
    line("| Memory | " + machine.memory() + " |");
    line("| OS | " + machine.os() + " |");
    line("| Java (`java -version`) | " + machine.javaVersion().replace("\n", "<br>") + " |");
    line("| Load average 1/5/15 min, at start | " + loadAtStart + " |");
    line("| Load average 1/5/15 min, at end | " + Machine.loadAverage() + " |");
    line("");
  }

  private void bus(Outcome<BusBench.Result> outcome) {
    line("## 1. Request/reply on the clustered event bus, two JVMs on loopback");
    line("");
    if (!outcome.ok()) {
      failed(outcome.failure());
      return;
    }
    BusBench.Result result = outcome.value();
    line("Two cluster members on 127.0.0.1 (Hazelcast TCP-IP join, no multicast, cluster `"
        + result.clusterName() + "`), Vert.x " + result.vertxVersion() + ", Hazelcast "
        + result.hazelcastVersion() + ", protobuf " + result.protobufVersion() + ":");
    line("");
    line("- **bench JVM** (this process): data member (lite=" + BusBench.LITE_MEMBER
        + "), like a daemon; sends every request from one event loop.");
    line("- **echo JVM** (`" + EchoMember.class.getName() + "`): lite member (lite="
        + EchoMember.LITE_MEMBER + "), like a daemon's children; started with `"
        + String.join(" ", JvmFlags.SERVER_ROLE) + "` (the launcher's server-role flags). "
        + "It answers `" + EchoMember.ENVELOPE_ADDRESS + "` with SnowFox's `Routes` "
        + "(HealthRequest in, HealthResponse out) and echoes `" + EchoMember.RAW_ADDRESS
        + "` with a bare `eventBus().consumer(addr, m -> m.reply(m.body()))`.");
    line("- Both use `Clusters.join` (2 event loops each) and the runtime's default "
        + "`logback.xml` (warnings only); a SnowFox role also runs the correlation "
        + "TurboFilter on each log call, which is not counted here.");
    line("- Latencies are recorded in "
        + "HdrHistogram 2.2.2 (3 significant digits). The raw buffer is sized so that its "
        + "request takes as many bytes on the wire as the envelope request.");
    line("");
    line("Latency of sequential round trips (one request at a time, after "
        + options.warmupRoundTrips + " unmeasured ones):");
    line("");
    line("| Exchange | Request bytes | Reply bytes | Round trips | p50 µs | p99 µs | p99.9 µs "
        + "| max µs | mean µs |");
    line("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (BusBench.Measured m : result.exchanges()) {
      Histogram h = m.sequential().latency();
      line("| " + m.exchange().name() + " | " + m.exchange().requestBytes() + " | "
          + m.exchange().replyBytes() + " | " + h.getTotalCount() + " | "
          + micros(h.getValueAtPercentile(50)) + " | " + micros(h.getValueAtPercentile(99))
          + " | " + micros(h.getValueAtPercentile(99.9)) + " | " + micros(h.getMaxValue())
          + " | " + micros((long) h.getMean()) + " |");
    }
    line("");
    line("Throughput with " + options.inFlight + " requests in flight for " + options.loadSeconds
        + " s (after " + options.loadWarmupSeconds + " s unmeasured):");
    line("");
    line("| Exchange | In flight | Window s | Answers | Failed | Answers/s | p50 µs | p99 µs |");
    line("|---|--:|--:|--:|--:|--:|--:|--:|");
    for (BusBench.Measured m : result.exchanges()) {
      RoundTrips.Load load = m.load();
      line("| " + m.exchange().name() + " | " + load.inFlight() + " | "
          + load.window().toSeconds() + " | " + load.completed() + " | " + load.failed()
          + " | " + String.format(Locale.ROOT, "%,.0f", load.perSecond()) + " | "
          + micros(load.latency().getValueAtPercentile(50)) + " | "
          + micros(load.latency().getValueAtPercentile(99)) + " |");
    }
    line("");
    line("How to read: a round trip is the time from sending a request to holding its answer, "
        + "on the sending event loop: encode, loopback TCP to the echo JVM, its event loop, "
        + "the reply back, decode. The envelope row adds all of SnowFox's per-request work "
        + "(a new envelope with random ids, a correlation scope, `Routes` dispatch, a span on "
        + "the answer, the status check and the unpacking), so the gap between the two rows "
        + "is SnowFox's cost over the bare bus; part of it is also the larger reply. p99.9 "
        + "rests on about " + Math.max(1, options.roundTrips / 1000) + " samples. Throughput "
        + "counts answers received inside the window; both JVMs share the same cores, so it "
        + "is the capacity of the pair, CPU-bound, and its latency columns are mostly "
        + "queueing (in flight / throughput).");
    line("");
  }

  private void coldStarts(Outcome<List<NodeBench.ColdStart>> outcome,
      Outcome<BareMemberBench.Result> bare) {
    line("## 2. Node cold start");
    line("");
    if (!outcome.ok()) {
      failed(outcome.failure());
      line(COLD_START_HEADER);
      line(COLD_START_RULE);
      bareMember(bare, null);
      line("");
      return;
    }
    line("`bin/snowfox daemon --node-id " + NodeBench.NODE_ID + " --data-dir <fresh dir> "
        + "--cluster-name bench-cold-<pid> --cluster-port <free> --http-port <free>`, "
        + "timed from the launch to the first `GET /v1/nodes` answer showing the node GREEN, "
        + "polled every " + NodeBench.POLL_INTERVAL.toMillis() + " ms; stopped by SIGTERM "
        + "between runs.");
    line("");
    line(COLD_START_HEADER);
    line(COLD_START_RULE);
    List<Duration> greens = new ArrayList<>();
    List<Duration> firsts = new ArrayList<>();
    List<Duration> stops = new ArrayList<>();
    for (NodeBench.ColdStart run : outcome.value()) {
      greens.add(run.green());
      firsts.add(run.firstAnswer());
      if (run.stop() != null) {
        stops.add(run.stop());
      }
      line("| " + run.run() + " | " + seconds(run.firstAnswer()) + " | "
          + seconds(run.green()) + " | " + (run.stop() == null ? "not stopped"
          : seconds(run.stop()) + (run.killed() > 0 ? " (" + run.killed() + " SIGKILLed)" : ""))
          + " |");
    }
    line("| **median** | " + seconds(median(firsts)) + " | **" + seconds(median(greens))
        + "** | " + (stops.isEmpty() ? "" : seconds(median(stops))) + " |");
    bareMember(bare, median(greens));
    line("");
    line("How to read: GREEN needs four JVMs: the daemon starts and forms a one-member "
        + "cluster, then starts the spawner, the manager and the API server, each of which "
        + "joins the cluster as a lite member and must pass the daemon's health check. "
        + "\"First HTTP answer\" is when the API server first answered at all, whatever the "
        + "node's colour. Figures carry up to " + NodeBench.POLL_INTERVAL.toMillis()
        + " ms of polling granularity. Stop is SIGTERM to the daemon until the daemon and "
        + "every child have exited (the last run is stopped after the memory and CLI "
        + "measurements).");
    line("");
  }

  /**
   * The floor under the node's cold start: rows of its table (the ratio only when the node
   * has a median, {@code nodeGreen} not null), then what they are.
   */
  private void bareMember(Outcome<BareMemberBench.Result> outcome, Duration nodeGreen) {
    if (!outcome.ok()) {
      line("| bare Hazelcast member | | not measured | |");
      line("");
      line("**Bare Hazelcast member not measured**: " + outcome.failure().replace("\n", " "));
      return;
    }
    List<Duration> starts = outcome.value().starts();
    Duration bare = median(starts);
    for (int i = 0; i < starts.size(); i++) {
      line("| bare Hazelcast member, run " + (i + 1) + " | | " + seconds(starts.get(i))
          + " (up) | |");
    }
    line("| bare Hazelcast member, **median** | | **" + seconds(bare) + "** (up) | |");
    if (nodeGreen != null) {
      line("| **node GREEN / bare member up**, medians | | **" + String.format(Locale.ROOT,
          "%.1f×", nodeGreen.toNanos() / (double) bare.toNanos()) + "** | |");
    }
    line("");
    line("The bare member is a fresh JVM (`" + BareMember.class.getName() + "`, the same "
        + "server-role flags as the echo JVM of section 1) that starts one Hazelcast "
        + outcome.value().hazelcastVersion() + " data member and nothing else: no Vert.x, "
        + "no TLS, no SnowFox role, built from the daemon's own Hazelcast configuration "
        + "(`Clusters.hazelcastConfig`: TCP-IP join on 127.0.0.1 only, multicast and "
        + "discovery off, a cluster name of its own, a free port). It is timed from the "
        + "launch until the bench reads the line the member prints when "
        + "`Hazelcast.newHazelcastInstance` returns (a pipe, no polling). Runs: "
        + starts.size() + ", each stopped before the next, all before the node's cold "
        + "starts.");
  }

  private void memory(Outcome<NodeBench.Memory> outcome) {
    line("## 3. Idle resident memory of a node");
    line("");
    if (!outcome.ok()) {
      failed(outcome.failure());
      return;
    }
    NodeBench.Memory memory = outcome.value();
    line("The last node of section 2, GREEN and idle for " + memory.idle().toSeconds()
        + " s; VmRSS from `/proc/<pid>/status` and Pss from `/proc/<pid>/smaps_rollup` of the "
        + "daemon and every descendant.");
    line("");
    line("| Role | pid | -Xmx | RSS MiB | PSS MiB |");
    line("|---|--:|--:|--:|--:|");
    long rss = 0;
    long pss = 0;
    for (ProcMemory.Row row : memory.rows()) {
      rss += row.rssKib();
      pss += row.pssKib() < 0 ? 0 : row.pssKib();
      line("| " + row.role() + " | " + row.pid() + " | " + row.xmx() + " | " + mib(row.rssKib())
          + " | " + (row.pssKib() < 0 ? "n/a" : mib(row.pssKib())) + " |");
    }
    line("| **total** (" + memory.rows().size() + " processes) | | | **" + mib(rss) + "** | **"
        + mib(pss) + "** |");
    line("");
    line("How to read: RSS counts the pages the JVMs share (libjvm, the CDS archive) once per "
        + "process, so its total overstates the node's cost; PSS splits shared pages among the "
        + "processes sharing them, and its total is the better answer to \"how much memory "
        + "does a node take\". -Xmx caps only the Java heap: metaspace, code cache, thread "
        + "stacks, Netty's direct buffers and Hazelcast's structures come on top.");
    line("");
  }

  private void cli(Outcome<NodeBench.Cli> outcome) {
    line("## 4. CLI latency");
    line("");
    if (!outcome.ok()) {
      failed(outcome.failure());
      return;
    }
    NodeBench.Cli cli = outcome.value();
    line("`bin/snowfox node info --api http://127.0.0.1:<port>` against the GREEN node, timed "
        + "from process start to exit, " + cli.runs().size() + " runs:");
    line("");
    line("| Run | ms |");
    line("|---|--:|");
    for (int i = 0; i < cli.runs().size(); i++) {
      line("| " + (i + 1) + " | " + cli.runs().get(i).toMillis() + " |");
    }
    line("| **median** | **" + median(cli.runs()).toMillis() + "** |");
    line("| max | " + cli.runs().stream().max(Duration::compareTo).orElseThrow().toMillis()
        + " |");
    line("| the same `GET /v1/nodes` from the warm bench JVM, median of "
        + cli.inProcess().size() + " | " + millis(median(cli.inProcess())) + " |");
    line("");
    line("How to read: each run is a fresh JVM (the launcher's client flags: -Xmx64m, C1 only, "
        + "CDS) plus one HTTP request to the API server, which asks the daemon over the bus. "
        + "The last row is that request alone, made from a warm JVM: the rest of a CLI run is "
        + "JVM start-up, class loading and cold code.");
    line("");
  }

  private void failed(String why) {
    line("**Not measured**: " + why.replace("\n", " "));
    line("");
  }

  private void line(String text) {
    md.append(text).append('\n');
  }

  static Duration median(List<Duration> values) {
    List<Duration> sorted = new ArrayList<>(values);
    sorted.sort(Duration::compareTo);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2)
        : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1_000.0);
  }

  private static String millis(Duration duration) {
    return String.format(Locale.ROOT, "%.1f", duration.toNanos() / 1e6);
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1e9);
  }

  private static String mib(long kib) {
    return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
  }
}
