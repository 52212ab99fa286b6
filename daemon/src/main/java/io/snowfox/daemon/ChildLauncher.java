package io.snowfox.daemon;

import io.snowfox.protocol.Roles;
import io.snowfox.runtime.cluster.ClusterOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a child JVM: the same Java and class path as the daemon, a capped heap, the JDK
 * openings Hazelcast needs, and cluster arguments that make it join this daemon on a free port
 * of its own.
 *
 * <p>The child runs in a session of its own ({@code setsid}), so a signal sent to the daemon's
 * process group (Ctrl-C at a terminal, {@code timeout}, a service manager) reaches only the
 * daemon, which then stops its children in order. The child's stdout goes where the daemon's goes; its stderr is piped through the daemon
 * (to keep the last lines as the reason of a crash); its stdin is a pipe the daemon never
 * writes to, so the child sees end-of-file when the daemon dies.
 *
 * <p>The child starts with every signal at its default disposition ({@code env
 * --default-signal}): a signal ignored when the daemon was started ({@code nohup snowfox} ignores
 * SIGHUP) would otherwise stay ignored through every exec, down to the spawner's runs, which
 * would then survive the SIGHUP their program expects. In its own session the child has no
 * terminal whose hangup could reach it.
 */
final class ChildLauncher {

  /** The entry point every role is started through. */
  static final String MAIN_CLASS = "io.snowfox.cli.SnowfoxMain";

  /** Starts a program in a new session; part of util-linux, on every Debian system. */
  static final Path SETSID = Path.of("/usr/bin/setsid");
  /** Runs a program with every signal at its default disposition (GNU coreutils 8.31 on). */
  static final List<String> DEFAULT_SIGNALS = List.of("/usr/bin/env", "--default-signal");
  /** Whether {@link #DEFAULT_SIGNALS} works here; null until first asked. */
  private static volatile Boolean defaultSignals;

  private final ClusterOptions cluster;
  private final Path dataDir;
  private final List<String> jvmOptions;
  /** The daemon's own role options its children take too ({@code --otlp-endpoint}). */
  private final List<String> roleArgs;
  /** Ports handed out to children, the latest last. */
  private final java.util.ArrayDeque<Integer> recentPorts = new java.util.ArrayDeque<>();
  private static final int RECENT_PORTS = 16;

  /**
   * A launcher of children that share the class-data archive of the daemon's distribution and
   * take the daemon's {@code roleArgs} ({@link io.snowfox.runtime.role.RoleOptions#toChildArgs}).
   */
  ChildLauncher(ClusterOptions cluster, Path dataDir, List<String> roleArgs) {
    this(cluster, dataDir, ServerJvm.archive(System.getProperty("snowfox.home")), roleArgs);
  }

  ChildLauncher(ClusterOptions cluster, Path dataDir) {
    this(cluster, dataDir, List.of());
  }

  ChildLauncher(ClusterOptions cluster, Path dataDir, Optional<Path> archive) {
    this(cluster, dataDir, archive, List.of());
  }

  ChildLauncher(ClusterOptions cluster, Path dataDir, Optional<Path> archive,
      List<String> roleArgs) {
    this.cluster = cluster;
    this.dataDir = dataDir;
    this.roleArgs = List.copyOf(roleArgs);
    List<String> options = new ArrayList<>(ServerJvm.COMMON);
    archive.ifPresent(file -> options.addAll(ServerJvm.archiveOptions(file)));
    this.jvmOptions = List.copyOf(options);
  }

  /** JVM options of every child, before its role's collector, its heap cap and the user's own. */
  List<String> jvmOptions() {
    return jvmOptions;
  }

  /** Starts the child; blocking (process creation), so call it off the event loop. */
  Process launch(ChildSpec spec) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(spec, freePort()))
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.PIPE)
        .redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", ServerJvm.MALLOC_ARENA_MAX);
    return builder.start();
  }

  List<String> command(ChildSpec spec, int clusterPort) {
    List<String> command = new ArrayList<>();
    if (java.nio.file.Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    if (resetsSignals()) {
      command.addAll(DEFAULT_SIGNALS);
    }
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.addAll(ChildSpec.defaultJvmOptions(spec.role()));
    String level = System.getProperty("snowfox.log.level");
    if (level != null) {
      command.add("-Dsnowfox.log.level=" + level);
    }
    command.addAll(spec.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(MAIN_CLASS);
    command.add(Roles.name(spec.role()));
    List<String> seeds = new ArrayList<>();
    seeds.add(cluster.selfSeed());
    seeds.addAll(cluster.seeds());
    command.addAll(cluster.toChildArgs(clusterPort, seeds));
    command.add("--data-dir");
    command.add(dataDir.toString());
    // Explicit, so a child finds the daemon's material even where the default would differ.
    command.add("--tls-dir");
    command.add(cluster.tlsDir(dataDir).toString());
    command.add("--supervised");
    command.addAll(roleArgs);
    command.addAll(spec.args());
    return command;
  }

  /**
   * Whether this system's {@code env} resets signal dispositions: run once (blocking, a few
   * milliseconds), then remembered. Without it (an older or another {@code env}) children
   * start with the daemon's dispositions, as before.
   */
  static boolean resetsSignals() {
    Boolean known = defaultSignals;
    if (known == null) {
      boolean works = false;
      try {
        List<String> probe = new ArrayList<>(DEFAULT_SIGNALS);
        probe.add("true");
        Process process = new ProcessBuilder(probe)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        works = process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)
            && process.exitValue() == 0;
        process.destroyForcibly();
      } catch (IOException e) {
        works = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      known = works;
      defaultSignals = known;
    }
    return known;
  }

  /**
   * A port free now, and none of the last few handed out: the child binds it only seconds later,
   * and children start together, so the kernel could offer one port to two of them meanwhile.
   */
  synchronized int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0, 1,
          InetAddress.getByName(cluster.bindHost()))) {
        int port = socket.getLocalPort();
        if (!recentPorts.contains(port)) {
          recentPorts.addLast(port);
          if (recentPorts.size() > RECENT_PORTS) {
            recentPorts.removeFirst();
          }
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on " + cluster.bindHost(), e);
      }
    }
  }

  private static String javaExecutable() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
