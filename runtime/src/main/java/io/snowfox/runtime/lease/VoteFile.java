package io.snowfox.runtime.lease;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * Where a daemon keeps its {@link LeaderVote} across restarts: {@code daemon/leader-vote} in its
 * data dir, replaced whole (written aside, then moved over) so that a crash leaves the old or
 * the new state, never half of one. Written when the holder, its lease's duration or the newest
 * epoch changes; renewals write nothing.
 *
 * <p>Not forced to the disk: a daemon killed keeps what it wrote (the page cache survives the
 * process); a machine that loses power takes longer to come back than any lease runs.
 */
public final class VoteFile {

  private final Path file;

  public VoteFile(Path dataDir) {
    this.file = dataDir.resolve("daemon").resolve("leader-vote");
  }

  public Path path() {
    return file;
  }

  /** The saved state, or {@link LeaderVote.State#NONE} when there is none or it is unreadable. */
  public LeaderVote.State load() {
    if (!Files.exists(file)) {
      return LeaderVote.State.NONE;
    }
    Properties saved = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      saved.load(in);
      return new LeaderVote.State(saved.getProperty("holder_node", ""),
          saved.getProperty("holder_member", ""),
          Long.parseLong(saved.getProperty("duration_millis", "0")),
          Long.parseLong(saved.getProperty("newest_epoch", "0")));
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the leader vote in " + file + " (" + e
          + "); if it is damaged, delete it and start this daemon after "
          + LeaderVote.MAX_LEASE.toSeconds() + " s", e);
    }
  }

  public void save(LeaderVote.State state) {
    Properties saved = new Properties();
    saved.setProperty("holder_node", state.holderNode());
    saved.setProperty("holder_member", state.holderMember());
    saved.setProperty("duration_millis", Long.toString(state.durationMillis()));
    saved.setProperty("newest_epoch", Long.toString(state.newestEpoch()));
    try {
      Files.createDirectories(file.getParent());
      Path aside = file.resolveSibling(file.getFileName() + ".new");
      try (Writer out = Files.newBufferedWriter(aside, StandardCharsets.UTF_8)) {
        saved.store(out, "the leading manager this daemon votes for; see docs/cluster.md");
      }
      Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the leader vote in " + file, e);
    }
  }
}
