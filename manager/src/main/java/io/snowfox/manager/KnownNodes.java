package io.snowfox.manager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes of the cluster as this node's manager knows them: every node whose daemon it has
 * seen, until the node stops cleanly or is forgotten. A lease needs the votes of a majority of
 * them ({@link LeaderLease}).
 *
 * <p>Kept in {@code manager/known-nodes} in the data dir, so that a manager restarted on the
 * small side of a split (after a freeze, say) still counts the nodes it cannot see now: counting
 * only those, it would find a majority in itself and lead a second time.
 *
 * <p>The file holds for the life of the daemon that started the manager: a node started again
 * (its daemon too) counts the nodes it sees from then on. So a node restarted alone after the
 * whole cluster stopped leads with the jobs it kept, as it did before leases; the price is that
 * a node started while cut off from the running cluster may lead on its own side until the
 * cut heals (see docs/cluster.md).
 */
final class KnownNodes {

  private static final Logger log = LoggerFactory.getLogger(KnownNodes.class);

  private static final String DAEMON_LINE = "# daemon ";

  private final Path file;
  private final String daemon;
  private final Set<String> nodes = new TreeSet<>();

  private KnownNodes(Path file, String daemon) {
    this.file = file;
    this.daemon = daemon;
  }

  /** The known nodes saved in {@code dataDir} by a manager of this daemon; blocking. */
  static KnownNodes open(Path dataDir) {
    return open(dataDir, daemonOfThisProcess());
  }

  /**
   * The known nodes saved in {@code dataDir} by a manager whose daemon was {@code daemon} (its
   * pid and start time); none when it was another.
   */
  static KnownNodes open(Path dataDir, String daemon) {
    KnownNodes known = new KnownNodes(dataDir.resolve("manager").resolve("known-nodes"),
        daemon);
    try {
      if (!Files.exists(known.file)) {
        return known;
      }
      List<String> lines = Files.readAllLines(known.file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || !lines.get(0).equals(DAEMON_LINE + daemon)) {
        log.info("this node started afresh: it counts the nodes it sees from now on");
        return known;
      }
      for (String line : lines) {
        if (!line.isBlank() && !line.startsWith("#")) {
          known.nodes.add(line.strip());
        }
      }
      log.info("this node's daemon knew nodes {} before this manager started", known.nodes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the known nodes in " + known.file, e);
    }
    return known;
  }

  /** The parent process (the daemon, when supervised): its pid and when it started. */
  private static String daemonOfThisProcess() {
    return ProcessHandle.current().parent()
        .map(parent -> parent.pid() + " " + parent.info().startInstant().map(Object::toString)
            .orElse("?"))
        .orElse("none");
  }

  synchronized Set<String> snapshot() {
    return Set.copyOf(nodes);
  }

  /** Adds the nodes not known yet and saves them before returning; blocking when it saves. */
  synchronized void addAll(Collection<String> seen) {
    if (nodes.addAll(seen)) {
      save();
    }
  }

  /** A node stopped cleanly or was forgotten: it no longer counts. */
  synchronized void remove(String node) {
    if (nodes.remove(node)) {
      log.info("node {} no longer counts toward the majority a leader needs", node);
      save();
    }
  }

  private void save() {
    try {
      Files.createDirectories(file.getParent());
      Path aside = file.resolveSibling(file.getFileName() + ".new");
      List<String> lines = new java.util.ArrayList<>();
      lines.add(DAEMON_LINE + daemon);
      lines.addAll(nodes);
      Files.write(aside, lines, StandardCharsets.UTF_8);
      Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("could not save the known nodes in {}: {}", file, e.toString());
    }
  }
}
