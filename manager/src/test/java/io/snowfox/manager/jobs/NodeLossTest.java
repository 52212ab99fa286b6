package io.snowfox.manager.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NodeLossTest {

  private static Set<String> set(String list) {
    return list == null || list.isBlank() ? Set.of() : Set.of(list.trim().split(" "));
  }

  @ParameterizedTest(name = "spawners [{0}], daemons [{1}]: node a gone = {2}")
  @CsvSource({
      "a b, a b, false",
      "b,   a b, false", // its spawner restarts under its daemon
      "a b, b,   false", // its daemon died; its spawner still runs and reports
      "b,   b,   true",
      "'',  '',  true",
  })
  void aNodeIsGoneWhenNeitherItsDaemonNorItsSpawnerIsAMember(String spawners, String daemons,
      boolean gone) {
    assertThat(NodeLoss.gone("a", set(spawners), set(daemons))).isEqualTo(gone);
  }

  @ParameterizedTest(name = "known [{0}], live daemons [{1}]: quorum = {2}")
  @CsvSource({
      "a,         a,       true",
      "a b c,     a b c,   true",
      "a b c,     a b,     true",  // one of three lost: the two others decide
      "a b c,     a,       false", // the minority side of a split, or a resumed frozen leader
      "a b,       a,       false", // two nodes: the loss of one is not a majority
      "a b c d,   a b,     false", // an even split decides nothing
      "a b c d e, a b c,   true",
  })
  void onlyAMajorityOfTheKnownNodesDeclaresNodesLost(String known, String live,
      boolean quorum) {
    assertThat(NodeLoss.quorum(set(known), set(live))).isEqualTo(quorum);
  }

  @Test
  void aGoneNodeTakesItsStartingRunningAndStoppingRuns() {
    Job job = Job.newBuilder().setId("web")
        .addInstances(instance(0, "STARTING", "a"))
        .addInstances(instance(1, "RUNNING", "a"))
        .addInstances(instance(2, "STOPPING", "a"))
        .addInstances(instance(3, "RUNNING", "b"))
        .addInstances(instance(4, "PENDING", "a"))
        .addInstances(instance(5, "EXITED", "a"))
        .build();

    assertThat(NodeLoss.runsOn(List.of(job), "a")).isEqualTo(Map.of(
        "web.0.0", "web", "web.1.0", "web", "web.2.0", "web"));
  }

  private static Instance instance(int index, String state, String node) {
    return Instance.newBuilder().setIndex(index).setNodeId(node)
        .setState(InstanceState.valueOf("INSTANCE_STATE_" + state))
        .setRunId("web." + index + ".0").build();
  }
}
