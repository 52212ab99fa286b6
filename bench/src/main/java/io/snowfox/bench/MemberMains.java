package io.snowfox.bench;

import io.snowfox.runtime.cluster.ClusterOptions;
import java.io.PrintStream;
import org.slf4j.Logger;
import picocli.CommandLine;

/**
 * What the benchmark's member JVMs ({@link EchoMember}, {@link BareMember}) do alike: take a
 * SnowFox role's cluster options and tell the benchmark when they are ready.
 */
final class MemberMains {

  /** Exit code of a member JVM whose arguments were wrong. */
  static final int EXIT_USAGE = 2;

  private MemberMains() {}

  /** The cluster options in {@code args}; ends the JVM when they are wrong. */
  static ClusterOptions clusterOptions(String[] args, Logger log) {
    ClusterOptions cluster = new ClusterOptions();
    try {
      new CommandLine(cluster).parseArgs(args);
      cluster.validate();
    } catch (RuntimeException e) {
      log.error("bad arguments: {}", e.getMessage());
      System.exit(EXIT_USAGE);
    }
    return cluster;
  }

  /** Prints {@code line} on stdout, which the benchmark reads for it and nothing else. */
  static void ready(PrintStream stdout, String line) {
    stdout.println(line);
    stdout.flush();
  }
}
