package io.snowfox.daemon;

import io.snowfox.daemon.supervision.Backoff;
import io.snowfox.daemon.supervision.SupervisionPolicy;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How a daemon starts and supervises its children. */
public final class DaemonOptions {

  /** A child that has not answered a health check this long after its start is killed. */
  public static final String DEFAULT_START_TIMEOUT = "60s";

  @Option(names = "--no-api", description = "Do not start a public API server on this node.")
  boolean noApi;

  @Option(names = "--label", paramLabel = "KEY=VALUE",
      description = "A label of this node (repeatable); jobs select nodes by label.")
  List<String> labels = new ArrayList<>();

  @Option(names = "--cpu", paramLabel = "CORES", converter = NodeCapacity.CpuConverter.class,
      description = "CPU cores this node offers to jobs, a decimal number greater than 0 "
          + "(default: the processors this machine has).")
  Double cpu;

  @Option(names = "--memory-mb", paramLabel = "MB",
      converter = NodeCapacity.MemoryConverter.class,
      description = "Memory this node offers to jobs, in MiB, a whole number greater than 0 "
          + "(default: this machine's physical memory).")
  Long memoryMb;

  @Option(names = "--jvm-opt", paramLabel = "ROLE=OPTION",
      description = "Extra JVM option for a child (repeatable), e.g. --jvm-opt manager=-Xmx256m.")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--restart-backoff", paramLabel = "DURATION",
      converter = Durations.Converter.class, defaultValue = "500ms",
      description = "First delay before restarting a crashed child (default: ${DEFAULT-VALUE}).")
  Duration restartBackoff = Backoff.DEFAULT_INITIAL;

  @Option(names = "--restart-backoff-max", paramLabel = "DURATION",
      converter = Durations.Converter.class, defaultValue = "30s",
      description = "Longest delay between restarts (default: ${DEFAULT-VALUE}).")
  Duration restartBackoffMax = Backoff.DEFAULT_MAX;

  @Option(names = "--crash-loop-threshold", paramLabel = "N", defaultValue = "5",
      description = "Exits in a row after which a child is declared crash-looping "
          + "(default: ${DEFAULT-VALUE}).")
  int crashLoopThreshold = SupervisionPolicy.DEFAULT_CRASH_LOOP_THRESHOLD;

  @Option(names = "--stable-after", paramLabel = "DURATION",
      converter = Durations.Converter.class, defaultValue = "30s",
      description = "A child up this long has its failure count reset (default: ${DEFAULT-VALUE}).")
  Duration stableAfter = SupervisionPolicy.DEFAULT_STABLE_AFTER;

  @Option(names = "--start-timeout", paramLabel = "DURATION",
      converter = Durations.Converter.class, defaultValue = DEFAULT_START_TIMEOUT,
      description = "A child not healthy this long after its start is killed "
          + "(default: ${DEFAULT-VALUE}).")
  Duration startTimeout = Durations.parse(DEFAULT_START_TIMEOUT);

  @Option(names = "--shutdown-grace", paramLabel = "DURATION",
      converter = Durations.Converter.class, defaultValue = "10s",
      description = "How long a child has to stop after Shutdown before SIGTERM, then SIGKILL "
          + "(default: ${DEFAULT-VALUE}).")
  Duration shutdownGrace = SupervisionPolicy.DEFAULT_SHUTDOWN_GRACE;

  public boolean apiEnabled() {
    return !noApi;
  }

  public Duration startTimeout() {
    return startTimeout;
  }

  /** The restart and stop policy of every child. */
  public SupervisionPolicy policy() {
    return new SupervisionPolicy(
        new Backoff(restartBackoff, restartBackoffMax, Backoff.DEFAULT_MULTIPLIER,
            Backoff.DEFAULT_JITTER),
        crashLoopThreshold, stableAfter, shutdownGrace, SupervisionPolicy.DEFAULT_TERMINATE_GRACE);
  }

  /** The extra JVM options given for {@code role}, in order. */
  public List<String> jvmOptions(Role role) {
    String name = Roles.name(role);
    List<String> options = new ArrayList<>();
    for (String option : jvmOptions) {
      int eq = option.indexOf('=');
      // Case-insensitive, as validate() (through Roles.parse) accepts "Manager=...".
      if (eq > 0 && option.substring(0, eq).equalsIgnoreCase(name)) {
        options.add(option.substring(eq + 1));
      }
    }
    return options;
  }

  /** This node's labels. */
  public java.util.Map<String, String> labels() {
    java.util.Map<String, String> map = new java.util.TreeMap<>();
    for (String label : labels) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid --label '" + label
            + "': expected KEY=VALUE, for example zone=a");
      }
      map.put(label.substring(0, eq), label.substring(eq + 1));
    }
    return map;
  }

  /**
   * What this node offers to jobs: the flags given, else what the machine has (read here, not
   * when the options are made: every CLI command makes them).
   */
  public NodeCapacity capacity() {
    return new NodeCapacity(cpu != null ? cpu : NodeCapacity.machineCpu(),
        memoryMb != null ? memoryMb : NodeCapacity.machineMemoryMb());
  }

  /** Where each part of {@link #capacity()} comes from, for the daemon's start-up log. */
  public String capacitySources() {
    return "cpu: " + (cpu != null ? "--cpu" : "this machine's") + ", memory: "
        + (memoryMb != null ? "--memory-mb" : "this machine's");
  }

  /** Checks values and their relations; the message names the option. */
  public void validate() {
    labels();
    if (memoryMb == null && NodeCapacity.machineMemoryMb() <= 0) {
      throw new IllegalArgumentException("this JVM cannot tell the machine's memory: give the "
          + "memory this node offers to jobs with --memory-mb MB");
    }
    for (String option : jvmOptions) {
      int eq = option.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("invalid --jvm-opt '" + option
            + "': expected ROLE=OPTION, for example manager=-Xmx256m");
      }
      Role role;
      try {
        role = Roles.parse(option.substring(0, eq));
      } catch (IllegalArgumentException e) {
        role = null; // reported below, naming the option
      }
      if (role == null || !ChildSpec.SUPERVISED.contains(role)) {
        throw new IllegalArgumentException("invalid --jvm-opt '" + option
            + "': the daemon starts only spawner, manager and api");
      }
    }
    if (startTimeout.isZero() || startTimeout.isNegative()) {
      throw new IllegalArgumentException("--start-timeout must be positive");
    }
    policy();
  }
}
