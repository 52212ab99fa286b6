package io.snowfox.bench;

import java.util.List;
import java.util.Locale;

/** The report's section on where a job's CPU goes, role by role, from the profiled run. */
final class ProfileReport {

  /** Top-frame methods listed per role. */
  static final int TOP_METHODS = 10;

  private final BenchOptions options;
  private final StringBuilder md = new StringBuilder();

  ProfileReport(BenchOptions options) {
    this.options = options;
  }

  String render(Outcome<ProfileBench.Result> outcome) {
    line("## 6. Where a job's CPU goes, per role (Java Flight Recorder)");
    line("");
    if (options.profileJobs == 0) {
      line("**Not run** (`--profile-jobs 0`).");
      line("");
      return md.toString();
    }
    if (!outcome.ok()) {
      line("**Not measured**: " + outcome.failure().replace("\n", " "));
      line("");
      return md.toString();
    }
    ProfileBench.Result result = outcome.value();
    ClosedLoop.Result load = result.load();
    line("A run apart from the measured ones, so that the recorder's overhead touches none of "
        + "the figures above: a fresh node from the distribution (cluster `"
        + result.clusterName() + "`) with Java Flight Recorder on every role (`"
        + "-XX:StartFlightRecording=name=" + ProfileBench.RECORDING + ","
        + ProfileBench.SETTINGS + "`: a Java execution sample every 1 ms, stacks of up to "
        + ProfileBench.STACK_DEPTH + " frames; the "
        + "daemon gets it through the launcher's `SNOWFOX_JAVA_OPTS`, its children through "
        + "`--jvm-opt ROLE=...`). " + result.warmupJobs() + " unprofiled `"
        + SnowfoxJobBench.TRUE + "` jobs, then " + load.ended() + " profiled ones, from "
        + load.clients() + " clients in a closed loop as in the throughput run ("
        + String.format(Locale.ROOT, "%.1f", load.perSecond()) + " jobs/s with the recorder, "
        + load.failed() + " failed). Each role's recording was dumped with `jcmd <pid> "
        + "JFR.dump` before the node was stopped; only samples taken while the profiled jobs "
        + "ran are counted.");
    line("");
    line("| Role | Execution samples | of which stack cut at " + ProfileBench.STACK_DEPTH
        + " frames | CPU ms per job "
        + "(`/proc`, recorder included) | of which JIT compiler threads |");
    line("|---|--:|--:|--:|--:|");
    for (RoleProfile profile : result.profiles()) {
      ProcCpu.Row cpu = result.cpu().stream().filter(r -> r.process().equals(profile.role()))
          .findFirst().orElse(null);
      line("| " + profile.role() + " | " + profile.samples() + " | "
          + percent(profile.percent(profile.truncated())) + " | "
          + (cpu == null ? "n/a" : two(cpu.own())) + " | "
          + (cpu == null ? "n/a" : two(cpu.jit())) + " |");
    }
    line("");
    areas(result.profiles());
    for (RoleProfile profile : result.profiles()) {
      methods(profile);
    }
    line("Folded stacks (`root;…;leaf count`, the input of `flamegraph.pl` or speedscope), one "
        + "file per role, packages abbreviated (`i.n.c.DefaultChannelPipeline`), pruned as "
        + "the flame graph would draw them: a call with less than "
        + percent(FoldedStacks.MIN_SHARE * 100) + " of the role's samples is cut and its "
        + "samples stay with its caller under `" + FoldedStacks.PRUNED + "`:");
    line("");
    result.folded().forEach((role, folded) -> line("- " + role + ": `" + folded.file()
        + "` (" + percent(folded.keptPercent()) + " of the samples with their whole stack)"));
    line("");
    line("How to read: *self* is the area of the sampled thread's top frame, where the CPU "
        + "was burnt; *incl.* counts the samples whose stack holds any frame of the area, the "
        + "time spent in that code or below it, so a sample counts in several areas and a "
        + "column adds up to more than 100 %. Every figure is a share of the role's own "
        + "samples; the roles' weights are in the first table. Execution samples cover only "
        + "threads running Java code: the JIT compiler threads do not appear (their CPU per "
        + "job is in the first table, read from `/proc` as in section 5), nor do the garbage "
        + "collector, threads inside the JVM itself (allocation slow paths, class loading) or "
        + "threads in native code or the kernel (the fork and exec inside "
        + "`ProcessImpl.forkAndExec`, socket reads and writes, epoll), so *forks* is the Java "
        + "side of starting a process. The recorder samples a handful of threads per period, "
        + "so samples are not CPU milliseconds: compare shares, not counts, and the roles by "
        + "their CPU per job.");
    line("");
    return md.toString();
  }

  private void areas(List<RoleProfile> profiles) {
    StringBuilder header = new StringBuilder("| Area |");
    StringBuilder rule = new StringBuilder("|---|");
    for (RoleProfile profile : profiles) {
      header.append(' ').append(profile.role()).append(" self % | incl. % |");
      rule.append("--:|--:|");
    }
    line("Share of each role's samples by area, of the top frame (self) and anywhere on the "
        + "stack (incl.):");
    line("");
    line(header.toString());
    line(rule.toString());
    for (CodeArea area : CodeArea.values()) {
      StringBuilder row = new StringBuilder("| " + area.label() + " |");
      for (RoleProfile profile : profiles) {
        row.append(' ').append(one(profile.percent(profile.self().getOrDefault(area, 0L))))
            .append(" | ").append(area.inclusive()
                ? one(profile.percent(profile.inclusive().getOrDefault(area, 0L))) : "")
            .append(" |");
      }
      line(row.toString());
    }
    line("");
  }

  private void methods(RoleProfile profile) {
    line("**" + profile.role() + "**, the " + TOP_METHODS + " methods most often on top ("
        + profile.samples() + " samples):");
    line("");
    line("| Method | Area | % of samples |");
    line("|---|---|--:|");
    for (RoleProfile.Method method : profile.topMethods(TOP_METHODS)) {
      line("| `" + method.name() + "` | " + method.area().label() + " | "
          + one(profile.percent(method.samples())) + " |");
    }
    line("");
  }

  private void line(String text) {
    md.append(text).append('\n');
  }

  private static String one(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String two(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.1f %%", value);
  }
}
