package io.snowfox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VictimsTest {

  private static final List<String> ORDER = List.of("n1", "n2", "n3");

  @Test
  void oddRoundsKillTheYoungerNodeWithTheMostInstances() {
    assertThat(Victims.choose(1, ORDER, Map.of("n1", 2, "n2", 3, "n3", 1)))
        .isEqualTo(new Victims.Choice("n2", false));
    assertThat(Victims.choose(3, ORDER, Map.of("n1", 2, "n2", 2, "n3", 2)))
        .as("the youngest of equals").isEqualTo(new Victims.Choice("n3", false));
  }

  @Test
  void evenRoundsKillTheOldestMember() {
    assertThat(Victims.choose(2, List.of("n2", "n3", "n1"), Map.of("n1", 2, "n2", 2, "n3", 2)))
        .isEqualTo(new Victims.Choice("n2", true));
  }

  @Test
  void aNodeWithoutInstancesIsNeverKilled() {
    assertThat(Victims.choose(2, ORDER, Map.of("n2", 3, "n3", 3)))
        .as("the oldest runs none").isEqualTo(new Victims.Choice("n3", false));
    assertThat(Victims.choose(1, ORDER, Map.of("n1", 6)))
        .as("only the oldest runs some").isEqualTo(new Victims.Choice("n1", true));
    assertThatThrownBy(() -> Victims.choose(1, ORDER, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
