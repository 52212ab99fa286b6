package io.snowfox.manager.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlacementRoundTest {

  private static final JobSpec SMALL = JobSpec.newBuilder().setName("web")
      .setResources(Resources.newBuilder().setCpu(0.5).setMemoryMb(256)).build();

  private static NodeCandidate node(String id, double cpu, long memoryMb) {
    return new NodeCandidate(id, Map.of(), cpu, memoryMb, 0, 0, 0, false);
  }

  private static Map<String, Integer> count(List<String> placed) {
    Map<String, Integer> counts = new TreeMap<>();
    placed.forEach(node -> counts.merge(node, 1, Integer::sum));
    return counts;
  }

  @Test
  void sixInstancesOnThreeEqualNodesGoTwoToEach() {
    PlacementRound round = new PlacementRound(List.of(node("a", 4, 4096), node("b", 4, 4096),
        node("c", 4, 4096)));
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      placed.add(round.place("web-1", SMALL, Map.of()).orElseThrow());
    }

    assertThat(count(placed)).isEqualTo(Map.of("a", 2, "b", 2, "c", 2));
  }

  @Test
  void aBurstOfJobsInOnePassSpreadsInsteadOfPilingOnOneNode() {
    PlacementRound round = new PlacementRound(List.of(node("a", 64, 65536),
        node("b", 64, 65536), node("c", 64, 65536)));
    List<String> placed = new ArrayList<>();
    for (int job = 0; job < 30; job++) {
      placed.add(round.place("job-" + job, SMALL, Map.of()).orElseThrow());
    }

    assertThat(count(placed)).isEqualTo(Map.of("a", 10, "b", 10, "c", 10));
  }

  @Test
  void aJobsInstancesAlreadyRunningCountForSpreading() {
    PlacementRound round = new PlacementRound(List.of(node("a", 4, 4096), node("b", 4, 4096),
        node("c", 4, 4096)));

    // Two of its instances run on a already: the next two go to b and c.
    Map<String, Integer> before = Map.of("a", 2);
    assertThat(List.of(round.place("web-1", SMALL, before).orElseThrow(),
        round.place("web-1", SMALL, before).orElseThrow())).containsExactlyInAnyOrder("b", "c");
  }

  @Test
  void reservationsFillANodeAndThenTheRestStaysPendingWithTheReason() {
    JobSpec big = SMALL.toBuilder().setResources(Resources.newBuilder().setCpu(2)).build();
    PlacementRound round = new PlacementRound(List.of(node("a", 4, 4096), node("b", 2, 4096)));
    List<String> placed = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      placed.add(round.place("big", big, Map.of()).orElseThrow());
    }

    assertThat(count(placed)).isEqualTo(Map.of("a", 2, "b", 1));
    assertThat(round.place("big", big, Map.of())).isEmpty();
    assertThat(round.whyNot(big)).isEqualTo("no node has 2 cpu free (largest: 0 on a)");
  }

  @Test
  void shortJobsThatLeaveEveryNodeIdleDoNotAllGoToTheSameNode() {
    List<String> placed = new ArrayList<>();
    for (int job = 0; job < 300; job++) {
      // Each job ends before the next comes: every pass sees idle nodes.
      PlacementRound round = new PlacementRound(List.of(node("n1", 4, 4096),
          node("n2", 4, 4096), node("n3", 4, 4096)));
      placed.add(round.place("true-" + job, SMALL, Map.of()).orElseThrow());
    }

    assertThat(count(placed).values()).allSatisfy(share ->
        assertThat(share).isBetween(60, 140));
  }
}
