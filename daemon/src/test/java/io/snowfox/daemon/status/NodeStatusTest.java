package io.snowfox.daemon.status;

import io.snowfox.protocol.StatusNames;
import static io.snowfox.protocol.v1.StatusColour.STATUS_COLOUR_GREEN;
import static io.snowfox.protocol.v1.StatusColour.STATUS_COLOUR_RED;
import static io.snowfox.protocol.v1.StatusColour.STATUS_COLOUR_UNSPECIFIED;
import static io.snowfox.protocol.v1.StatusColour.STATUS_COLOUR_YELLOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.daemon.supervision.Supervision.State;
import io.snowfox.protocol.v1.StatusColour;
import io.snowfox.protocol.v1.SubsystemStatus;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class NodeStatusTest {

  private static SubsystemStatus part(String name, StatusColour colour, String state,
      String reason) {
    return SubsystemStatus.newBuilder()
        .setName(name).setStatus(colour).setState(state).setReason(reason).build();
  }

  private static SubsystemStatus green(String name) {
    return part(name, STATUS_COLOUR_GREEN, "RUNNING", "");
  }

  /** Colours of the parts, in order, and the node's colour. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      GREEN                    | GREEN
      GREEN GREEN GREEN        | GREEN
      GREEN YELLOW GREEN       | YELLOW
      YELLOW RED               | RED
      RED YELLOW               | RED
      RED GREEN RED            | RED
      """)
  void worstColourWins(String parts, String node) {
    List<SubsystemStatus> statuses = Arrays.stream(parts.split(" "))
        .map(c -> part("part", StatusColour.valueOf("STATUS_COLOUR_" + c), "X", "why"))
        .toList();

    assertThat(StatusNames.of(NodeStatus.of(statuses).colour())).isEqualTo(node);
  }

  @Test
  void partOfUnknownColourKeepsTheNodeFromBeingGreen() {
    NodeStatus.Summary summary = NodeStatus.of(List.of(green("daemon"),
        part("cluster", STATUS_COLOUR_UNSPECIFIED, "UNKNOWN", "cluster state unknown")));

    assertThat(summary.colour()).isNotEqualTo(STATUS_COLOUR_GREEN);
    assertThat(summary.reason()).isEqualTo("cluster state unknown");
  }

  @Test
  void nodeWithoutPartsIsGreen() {
    assertThat(NodeStatus.of(List.of()))
        .isEqualTo(new NodeStatus.Summary(STATUS_COLOUR_GREEN, ""));
  }

  @Test
  void greenNodeHasNoReason() {
    NodeStatus.Summary summary = NodeStatus.of(List.of(green("daemon"), green("spawner")));

    assertThat(summary).isEqualTo(new NodeStatus.Summary(STATUS_COLOUR_GREEN, ""));
  }

  @Test
  void reasonListsEveryPartOfTheWorstColourInOrder() {
    NodeStatus.Summary summary = NodeStatus.of(List.of(
        green("daemon"),
        part("spawner", STATUS_COLOUR_RED, "BACKING_OFF", "spawner is crash-looping"),
        part("manager", STATUS_COLOUR_YELLOW, "STARTING", "manager starting"),
        part("api", STATUS_COLOUR_RED, "STARTING", "api is crash-looping")));

    assertThat(summary.colour()).isEqualTo(STATUS_COLOUR_RED);
    assertThat(summary.reason()).isEqualTo("spawner is crash-looping; api is crash-looping");
  }

  @Test
  void partWithoutReasonIsDescribedByItsState() {
    NodeStatus.Summary summary = NodeStatus.of(List.of(
        green("daemon"),
        part("manager", STATUS_COLOUR_YELLOW, "STARTING", "")));

    assertThat(summary.reason()).isEqualTo("manager is STARTING");
  }

  @ParameterizedTest(name = "{0}, crash-looping {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      RUNNING     | false | GREEN
      STARTING    | false | YELLOW
      BACKING_OFF | false | YELLOW
      STOPPED     | false | YELLOW
      STOPPING    | false | YELLOW
      TERMINATED  | false | YELLOW
      """)
  void childColourFollowsItsState(State state, boolean crashLooping, String colour) {
    assertThat(StatusNames.of(NodeStatus.childColour(state, crashLooping))).isEqualTo(colour);
  }

  @ParameterizedTest
  @EnumSource(State.class)
  void crashLoopingChildIsRedWhateverItsState(State state) {
    assertThat(NodeStatus.childColour(state, true)).isEqualTo(STATUS_COLOUR_RED);
  }
}
