package io.snowfox.manager.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Constraints;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlacementTest {

  private static final JobSpec ANYWHERE = JobSpec.newBuilder().setName("job").build();

  private static JobSpec needing(double cpu, long memoryMb) {
    return ANYWHERE.toBuilder().setResources(Resources.newBuilder().setCpu(cpu)
        .setMemoryMb(memoryMb)).build();
  }

  private static JobSpec onLabels(Map<String, String> labels) {
    return ANYWHERE.toBuilder().setConstraints(Constraints.newBuilder().putAllLabels(labels))
        .build();
  }

  /** A node offering 4 cpu and 4096 MiB, with {@code load} instances reserving nothing. */
  private static NodeCandidate node(String id, int load) {
    return new NodeCandidate(id, Map.of(), 4, 4096, 0, 0, load, false);
  }

  private static Optional<String> place(JobSpec spec, List<NodeCandidate> nodes) {
    return Placement.place(spec, nodes, node -> 0).map(NodeCandidate::nodeId);
  }

  @Test
  void theLeastLoadedNodeWinsAndTiesGoToTheSmallestId() {
    assertThat(place(ANYWHERE, List.of(node("a", 3), node("b", 1), node("c", 2))))
        .hasValue("b");
    assertThat(place(ANYWHERE, List.of(node("c", 1), node("a", 1), node("b", 1))))
        .hasValue("a");
  }

  @Test
  void fewerInstancesOfTheSameJobComesBeforeFewerInstancesInAll() {
    Map<String, Integer> sameJob = Map.of("a", 0, "b", 2);
    assertThat(Placement.place(ANYWHERE, List.of(node("a", 9), node("b", 2)),
        node -> sameJob.getOrDefault(node, 0)).map(NodeCandidate::nodeId)).hasValue("a");
  }

  @Test
  void onlyNodesWithEveryWantedLabelQualify() {
    List<NodeCandidate> nodes = List.of(
        node("idle", 0),
        new NodeCandidate("eu-small", Map.of("zone", "eu"), 4, 4096, 0, 0, 0, false),
        new NodeCandidate("eu-gpu-busy", Map.of("zone", "eu", "gpu", "yes"), 4, 4096, 0, 0, 5,
            false));

    assertThat(place(onLabels(Map.of("zone", "eu", "gpu", "yes")), nodes))
        .hasValue("eu-gpu-busy");
    assertThat(place(onLabels(Map.of("zone", "eu")), nodes)).hasValue("eu-small");
    assertThat(place(onLabels(Map.of("zone", "asia")), nodes)).isEmpty();
  }

  @ParameterizedTest(name = "{0} cpu, {1} MiB on a node with {2} cpu and {3} MiB free: {4}")
  @CsvSource({
      "1,    512,  4,    4096, true",
      "4,    4096, 4,    4096, true",
      "4.5,  0,    4,    4096, false",
      "0,    4097, 4,    4096, false",
      "0.1,  0,    0.1,  0,    true",
      "0,    0,    0,    0,    true",
  })
  void aNodeIsNeverOverCommitted(double cpu, long memory, double cpuFree, long memoryFree,
      boolean fits) {
    NodeCandidate node = new NodeCandidate("a", Map.of(), 8, 8192, 8 - cpuFree,
        8192 - memoryFree, 1, false);

    assertThat(place(needing(cpu, memory), List.of(node)).isPresent()).isEqualTo(fits);
  }

  @Test
  void aDrainingNodeTakesNothing() {
    List<NodeCandidate> nodes = List.of(node("a", 0).draining(true), node("b", 7));

    assertThat(place(ANYWHERE, nodes)).hasValue("b");
    assertThat(place(ANYWHERE, List.of(node("a", 0).draining(true)))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "no nodes                  | none        | no node with a running spawner",
      "labels nowhere            | labels      | no node has the labels {zone=asia}",
      "all draining              | draining    | every node that could run it is draining (a, b)",
      "cpu                       | cpu         | no node has 64 cpu free (largest: 3.5 on b)",
      "memory                    | memory      | no node has 9000 MiB of memory free (largest: 4096 MiB on a)",
      "both, not together        | together    | no node has both 3 cpu and 3000 MiB of memory free",
  })
  void whyNotSaysWhatAPersonCanActOn(String name, String situation, String expected) {
    NodeCandidate a = new NodeCandidate("a", Map.of(), 4, 4096, 3, 0, 1, false);
    NodeCandidate b = new NodeCandidate("b", Map.of(), 4, 4096, 0.5, 2000, 1, false);
    List<NodeCandidate> nodes = List.of(a, b);
    String why = switch (situation) {
      case "none" -> Placement.whyNot(ANYWHERE, List.of());
      case "labels" -> Placement.whyNot(onLabels(Map.of("zone", "asia")), nodes);
      case "draining" -> Placement.whyNot(ANYWHERE, List.of(a.draining(true), b.draining(true)));
      case "cpu" -> Placement.whyNot(needing(64, 0), nodes);
      case "memory" -> Placement.whyNot(needing(0, 9000), nodes);
      default -> Placement.whyNot(needing(3, 3000), nodes);
    };

    assertThat(why).isEqualTo(expected);
  }

  @Test
  void aNodeThatDidNotSayWhatItOffersFitsAnyReservation() {
    NodeCandidate unbounded = NodeCandidate.unbounded("old", Map.of(), 3);

    assertThat(place(needing(1000, 1_000_000), List.of(unbounded))).hasValue("old");
  }
}
