package io.snowfox.manager.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Constraints;
import io.snowfox.protocol.v1.JobSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastLoadedPlacementTest {

  private final Placement placement = new LeastLoadedPlacement();

  private static final JobSpec ANYWHERE = JobSpec.newBuilder().setName("job").build();

  private static JobSpec onLabels(Map<String, String> labels) {
    return ANYWHERE.toBuilder().setConstraints(Constraints.newBuilder().putAllLabels(labels))
        .build();
  }

  private static NodeCandidate node(String id, int load, Map<String, String> labels) {
    return new NodeCandidate(id, labels, load);
  }

  private static NodeCandidate node(String id, int load) {
    return node(id, load, Map.of());
  }

  @Test
  void theLeastLoadedNodeWins() {
    List<NodeCandidate> nodes = List.of(node("node-a", 3), node("node-b", 1), node("node-c", 2));

    assertThat(placement.place(ANYWHERE, nodes)).hasValue("node-b");
  }

  @Test
  void aTieGoesToTheSmallestNodeId() {
    List<NodeCandidate> nodes = List.of(node("node-c", 1), node("node-a", 1), node("node-b", 1));

    assertThat(placement.place(ANYWHERE, nodes)).hasValue("node-a");
  }

  @Test
  void onlyNodesWithEveryWantedLabelQualify() {
    List<NodeCandidate> nodes = List.of(
        node("idle", 0),
        node("eu-small", 0, Map.of("zone", "eu")),
        node("us-gpu", 0, Map.of("zone", "us", "gpu", "yes")),
        node("eu-gpu-busy", 5, Map.of("zone", "eu", "gpu", "yes", "disk", "ssd")));

    assertThat(placement.place(onLabels(Map.of("zone", "eu", "gpu", "yes")), nodes))
        .hasValue("eu-gpu-busy");
    assertThat(placement.place(onLabels(Map.of("zone", "eu")), nodes)).hasValue("eu-small");
    assertThat(placement.place(onLabels(Map.of("zone", "asia")), nodes)).isEmpty();
  }

  @Test
  void withoutNodesNothingIsPlacedAndTheReasonSaysSo() {
    assertThat(placement.place(ANYWHERE, List.of())).isEmpty();
    assertThat(placement.whyNot(ANYWHERE, List.of())).isEqualTo("no node with a running spawner");
  }

  @Test
  void whenNoNodeMatchesTheReasonNamesTheLabels() {
    JobSpec spec = onLabels(Map.of("zone", "eu"));
    List<NodeCandidate> nodes = List.of(node("node-a", 0, Map.of("zone", "us")));

    assertThat(placement.place(spec, nodes)).isEmpty();
    assertThat(placement.whyNot(spec, nodes)).isEqualTo("no node has the labels {zone=eu}");
  }

  @Test
  void theSameInputsGiveTheSameChoice() {
    List<NodeCandidate> nodes = List.of(node("node-b", 0), node("node-a", 0));

    assertThat(placement.place(ANYWHERE, nodes)).isEqualTo(placement.place(ANYWHERE,
        List.of(nodes.get(1), nodes.get(0))));
  }
}
