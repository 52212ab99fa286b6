package io.snowfox.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoteFileTest {

  @TempDir
  Path dataDir;

  @Test
  void aSavedVoteIsReadBackAndNoneIsNone() {
    VoteFile file = new VoteFile(dataDir);
    assertThat(file.load()).isEqualTo(LeaderVote.State.NONE);

    LeaderVote.State state = new LeaderVote.State("node-a", "member-1", 5_000, 12);
    file.save(state);

    assertThat(new VoteFile(dataDir).load()).isEqualTo(state);
  }

  @Test
  void aDamagedFileStopsTheDaemonWithWhatToDo() throws Exception {
    VoteFile file = new VoteFile(dataDir);
    Files.createDirectories(file.path().getParent());
    Files.writeString(file.path(), "newest_epoch=twelve\n");

    assertThatThrownBy(file::load).hasMessageContaining(file.path().toString())
        .hasMessageContaining("delete it");
  }
}
