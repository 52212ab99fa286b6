package io.snowfox.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a job's CPU goes, role by role: a node of its own with Java Flight Recorder on every
 * role, driven with {@code /bin/true} jobs through the HTTP API as the throughput run is. It is a
 * run apart from the measured ones, so the recorder's overhead touches none of their figures.
 *
 * <p>The daemon gets the recorder through the launcher's {@code SNOWFOX_JAVA_OPTS}, its children
 * through {@code --jvm-opt ROLE=...}. Recordings are dumped with {@code jcmd} while the roles
 * are still up: a role ends by halting the JVM at the end of its own shutdown hook, which may
 * cut short the recorder's dump-on-exit hook. Only samples taken while the profiled jobs ran
 * are counted; start-up and warm-up are left out.
 */
final class ProfileBench {

  static final String NODE_DIR = "profile-node";
  /** The recording's name in every role, for {@code jcmd <pid> JFR.dump name=...}. */
  static final String RECORDING = "snowfox-bench";
  /**
   * The recorder's "profile" settings at their highest sampling rate, a Java execution sample
   * every 1 ms instead of 10: a role spends only a few hundred ms of Java CPU on 500 jobs.
   */
  static final String SETTINGS = "settings=profile,method-profiling=max";
  /** Frames kept per sample; the recorder's default of 64 cuts the roots off deep stacks. */
  static final int STACK_DEPTH = 256;
  static final List<String> ROLES = List.of("daemon", "spawner", "manager", "api");
  static final String DAEMON = "daemon";
  static final Duration DUMP_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The profiled run.
   *
   * @param load the profiled jobs, as the closed loop saw them (window: first POST to last end)
   * @param cpu CPU per profiled job of each role, from /proc, recorder included
   * @param profiles one per role, in {@link #ROLES} order
   * @param folded the folded-stacks file of each role, and the share of samples it keeps
   */
  record Result(String clusterName, int warmupJobs, ClosedLoop.Result load, List<ProcCpu.Row> cpu,
      List<RoleProfile> profiles, Map<String, Folded> folded) {}

  /** A folded-stacks file and the share of the role's samples its kept stacks hold. */
  record Folded(Path file, double keptPercent) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  ProfileBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() throws Exception {
    Path recordings = Files.createDirectories(workDir.resolve("recordings"));
    NodeBench nodes = new NodeBench(options, processes, workDir,
        "bench-profile-" + ProcessHandle.current().pid());
    NodeBench.Node node = nodes.startGreen(NODE_DIR, launch(recordings), NodeBench.GREEN_TIMEOUT);
    Set<String> submitted = ConcurrentHashMap.newKeySet();
    ClosedLoop.Result load;
    List<ProcCpu.Row> cpu;
    Instant from;
    Instant to;
    try {
      JobsApi api = new JobsApi(node.api(), node.dir().resolve("data"));
      ClosedLoop.Polled jobs = api.units(JobsApi.spec("bench-profile", SnowfoxJobBench.TRUE),
          submitted);
      if (options.profileWarmupJobs > 0) {
        ClosedLoop.polled("profile: warm-up", options.jobClients,
            bound(options.profileWarmupJobs), options.profileWarmupJobs, options.jobPoll(), jobs);
      }
      Map<String, ProcessHandle> roles = ProcCpu.roles(node.daemon().toHandle());
      if (!roles.keySet().containsAll(ROLES)) {
        throw new IllegalStateException("roles found: " + roles.keySet() + ", expected " + ROLES);
      }
      Map<String, ProcCpu.Ticks> before = ProcCpu.sample(roles);
      from = Instant.now();
      load = ClosedLoop.polled("profile: " + options.profileJobs + " jobs", options.jobClients,
          bound(options.profileJobs), options.profileJobs, options.jobPoll(), jobs);
      to = Instant.now();
      cpu = ProcCpu.perUnit(before, ProcCpu.sample(roles), load.ended());
      for (String role : ROLES) {
        dump(roles.get(role), recordings.resolve(role + ".jfr"));
      }
    } finally {
      Processes.Stop stop = processes.stop(node.daemon().toHandle(), NodeBench.STOP_GRACE);
      BenchMain.say("profile: node stopped in " + stop.elapsed().toMillis() + " ms");
    }
    List<RoleProfile> profiles = new ArrayList<>();
    Map<String, Folded> folded = new LinkedHashMap<>();
    for (String role : ROLES) {
      RoleProfile profile = RoleProfile.read(role, recordings.resolve(role + ".jfr"), from, to);
      profiles.add(profile);
      Path file = options.profileDir().resolve(role + ".folded");
      folded.put(role, new Folded(file, profile.writeFolded(file)));
      BenchMain.say("profile: " + role + ": " + profile.samples() + " samples, stacks in "
          + file);
    }
    return new Result(nodes.clusterName(), options.profileWarmupJobs, load, cpu, profiles,
        folded);
  }

  /** The recorder on every role, its repository in the run's work directory. */
  private static NodeBench.Launch launch(Path recordings) {
    List<String> roleOptions = new ArrayList<>();
    for (String role : ROLES) {
      if (!role.equals(DAEMON)) {
        recorder(recordings, role).forEach(option -> roleOptions.add(role + "=" + option));
      }
    }
    return new NodeBench.Launch(NodeBench.Launch.jvmOpts(roleOptions),
        Map.of("SNOWFOX_JAVA_OPTS", String.join(" ", recorder(recordings, DAEMON))));
  }

  /**
   * JVM options that start a recording at launch, kept in memory and on disk until dumped;
   * nothing is written at exit.
   */
  private static List<String> recorder(Path recordings, String role) {
    return List.of("-XX:StartFlightRecording=name=" + RECORDING + "," + SETTINGS,
        "-XX:FlightRecorderOptions=stackdepth=" + STACK_DEPTH + ",repository="
            + recordings.resolve("repository-" + role));
  }

  /** {@code jcmd <pid> JFR.dump}: the recording so far, into {@code file}. */
  private void dump(ProcessHandle role, Path file) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String output = processes.output(List.of(jcmd.toString(), Long.toString(role.pid()),
        "JFR.dump", "name=" + RECORDING, "filename=" + file), DUMP_TIMEOUT);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("jcmd " + role.pid() + " JFR.dump wrote no " + file
          + ": " + output);
    }
  }

  /** Each job is bounded; so are the jobs of one client, one after the other. */
  private Duration bound(int jobs) {
    return Series.UNIT_BOUND.multipliedBy(1 + jobs / options.jobClients);
  }
}
