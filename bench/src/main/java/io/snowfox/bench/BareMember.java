package io.snowfox.bench;

import com.hazelcast.core.Hazelcast;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.runtime.process.ParentWatch;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor of a node's cold start: a JVM that starts one Hazelcast member and nothing else, no
 * Vert.x, no TLS, no SnowFox role. It takes the cluster options of a SnowFox role and builds the
 * member from the daemon's own Hazelcast configuration ({@link Clusters#hazelcastConfig}: TCP-IP
 * join on the bind address only, multicast and discovery off), as a data member like the daemon.
 *
 * <p>Prints {@link #READY} on stdout as soon as {@code Hazelcast.newHazelcastInstance} returns,
 * and exits on SIGTERM or when the benchmark's pipe on its stdin closes.
 */
public final class BareMember {

  /** The line printed on stdout once the member is up. */
  public static final String READY = "snowfox-bench-bare-member up";
  public static final String NODE_ID = "bench-bare";
  /** The member attribute the configuration records as the member's role. */
  public static final String ROLE = "bench-bare";
  /** A data member, as the daemon is: the cluster's first member holds its data. */
  public static final boolean LITE_MEMBER = false;

  private static final Logger log = LoggerFactory.getLogger(BareMember.class);

  private BareMember() {}

  public static void main(String[] args) {
    ClusterOptions cluster = MemberMains.clusterOptions(args, log);
    // The benchmark reads this process's stdout for the readiness line and nothing else.
    PrintStream readiness = System.out;
    ParentWatch.start(System.in, () -> System.exit(0));
    try {
      Hazelcast.newHazelcastInstance(Clusters.hazelcastConfig(cluster, ROLE, LITE_MEMBER));
    } catch (RuntimeException e) {
      log.error("bare member failed to start: {}", e.toString(), e);
      // Hazelcast's threads would keep a failed JVM alive.
      System.exit(1);
    }
    MemberMains.ready(readiness, READY);
  }
}
