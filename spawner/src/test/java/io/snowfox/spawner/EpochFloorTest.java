package io.snowfox.spawner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.snowfox.runtime.cluster.LeaderEpoch;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpochFloorTest {

  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("spawner").resolve("leader-epoch.json");
  }

  @Test
  void startsWithNoFloorWhenNothingWasSeen() {
    EpochFloor floor = new EpochFloor(dir);

    floor.load();

    assertThat(floor.current()).isEqualTo(EpochFloor.NONE);
    assertThat(file()).doesNotExist();
  }

  @Test
  void aNewerEpochRaisesTheFloorAndARestartedSpawnerFindsIt() {
    EpochFloor floor = new EpochFloor(dir);

    assertThat(floor.raise(new LeaderEpoch(5, "b"))).isEqualTo(Fencing.Verdict.RAISE);
    EpochFloor restarted = new EpochFloor(dir);
    restarted.load();

    assertThat(floor.current()).isEqualTo(new LeaderEpoch(5, "b"));
    assertThat(restarted.current()).isEqualTo(new LeaderEpoch(5, "b"));
    assertThat(dir.resolve("spawner").resolve("leader-epoch.json.tmp")).doesNotExist();
  }

  @Test
  void theFloorNeverGoesDown() {
    EpochFloor floor = new EpochFloor(dir);
    floor.raise(new LeaderEpoch(5, "b"));

    assertThat(floor.raise(new LeaderEpoch(4, "a"))).isEqualTo(Fencing.Verdict.REFUSE);
    assertThat(floor.raise(new LeaderEpoch(5, "c"))).isEqualTo(Fencing.Verdict.ACCEPT);

    EpochFloor restarted = new EpochFloor(dir);
    restarted.load();
    assertThat(restarted.current()).isEqualTo(new LeaderEpoch(5, "b"));
  }

  @Test
  void anUnreadableFileCountsAsNoFloor() throws Exception {
    Files.createDirectories(file().getParent());
    Files.writeString(file(), "{\"epoch\": \"not a number\"");
    EpochFloor floor = new EpochFloor(dir);

    floor.load();

    assertThat(floor.current()).isEqualTo(EpochFloor.NONE);
  }

  @Test
  void aFloorThatCannotBeWrittenIsNotRaised() throws Exception {
    // A file where the spawner's directory should be: nothing can be written under it.
    Files.writeString(dir.resolve("spawner"), "x");
    EpochFloor floor = new EpochFloor(dir);

    UncheckedIOException failed = catchThrowableOfType(UncheckedIOException.class,
        () -> floor.raise(new LeaderEpoch(5, "b")));

    assertThat(failed).hasMessageContaining("leader epoch 5");
    assertThat(floor.current()).isEqualTo(EpochFloor.NONE);
  }
}
