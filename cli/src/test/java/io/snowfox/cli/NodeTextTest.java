package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.api.client.AllocationView;
import io.snowfox.api.client.DrainAnswer;
import io.snowfox.api.client.NodeList;
import io.snowfox.api.client.NodeScheduling;
import io.snowfox.api.client.NodeView;
import io.snowfox.api.client.ResourcesView;
import io.snowfox.api.client.SchedulingView;
import io.snowfox.api.client.SubsystemView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes as the CLI shows them. */
class NodeTextTest {

  static AllocationView allocation(String node, double cpu, long memory, int instances,
      boolean draining, boolean schedulable) {
    return new AllocationView(node, new ResourcesView(4, 8192), new ResourcesView(cpu, memory),
        instances, draining, schedulable);
  }

  static NodeView node(String id, String status, String reason, NodeScheduling scheduling) {
    return new NodeView(id, true, status, reason, "0.1.0", "2030-01-01T00:00:00Z", 4,
        List.of(new SubsystemView("spawner", status, "RUNNING", reason, 4242, 0)), scheduling);
  }

  /** Three nodes: n1 leads, n2 drains, n3 is not listed by the leader and did not answer. */
  static NodeList threeNodes() {
    return new NodeList("c-1", true, SchedulingView.of("n1", 7), List.of(
        node("n1", "GREEN", "", new NodeScheduling(true, 7,
            allocation("n1", 1.5, 768, 3, false, true))),
        node("n2", "YELLOW", "spawner restarting", new NodeScheduling(false, 7,
            allocation("n2", 0.1 + 0.2, 0, 1, true, false))),
        NodeView.unreachable("n3", "no answer within 2000 ms")));
  }

  private static String printed(java.util.function.Consumer<PrintWriter> print) {
    StringWriter text = new StringWriter();
    print.accept(new PrintWriter(text, true));
    return text.toString();
  }

  @Test
  void tableMarksTheLeaderAndShowsAllocationOverCapacity() {
    assertThat(NodeText.table(threeNodes()).lines(Terminal.plain())).containsExactly(
        "NODE  STATUS       CPU ALLOC/CAP  MEMORY ALLOC/CAP  INSTANCES  DRAINING  SCHEDULABLE"
            + "  REASON",
        "n1 *  GREEN        1.5/4          768/8192 MiB      3          no        yes"
            + "          -",
        "n2    YELLOW       0.3/4          0/8192 MiB        1          yes       no"
            + "           spawner restarting",
        "n3    UNREACHABLE  -              -                 -          -         -"
            + "            no answer within 2000 ms");
  }

  @Test
  void listingSaysWhoLeadsWithItsEpoch() {
    String text = printed(out -> NodeText.printTable(out, Terminal.plain(), threeNodes(),
        false));

    assertThat(text).endsWith("leader: n1 *, epoch 7\n(partial: some nodes did not answer)\n"
        + "correlation id: c-1\n");
  }

  @Test
  void listingWithoutTheLeadersAnswerSaysWhy() {
    NodeList nodes = new NodeList("c-2", false, SchedulingView.unavailable("UNAVAILABLE",
        "no scheduling from the leading manager: nobody is listening"),
        List.of(node("n1", "GREEN", "", null)));

    String text = printed(out -> NodeText.printTable(out, Terminal.plain(), nodes, false));

    assertThat(text).isEqualTo(String.join("\n",
        "NODE  STATUS  CPU ALLOC/CAP  MEMORY ALLOC/CAP  INSTANCES  DRAINING  SCHEDULABLE  REASON",
        "n1    GREEN   -              -                 -          -         -            -",
        "(no scheduling from the leading manager: nobody is listening)",
        "correlation id: c-2", ""));
  }

  @Test
  void nodeInfoShowsTheSchedulingUnderTheVersion() {
    String text = printed(out -> NodeText.printList(out, Terminal.plain(), threeNodes(), false));

    assertThat(text).contains("n1  GREEN \n  version 0.1.0, up since 2030-01-01T00:00:00Z\n"
        + "  allocated cpu 1.5 of 4, memory 768 of 8192 MiB, 3 instance(s); leader, epoch 7\n"
        + "  spawner  GREEN   RUNNING       pid 4242\n");
    assertThat(text).contains("  allocated cpu 0.3 of 4, memory 0 of 8192 MiB, 1 instance(s);"
        + " draining; not schedulable (its spawner is down)\n");
  }

  @Test
  void drainSaysWhatTheNodeIsLeftIn() {
    assertThat(NodeText.drained(new DrainAnswer("c-3", allocation("n2", 0.5, 128, 2, true,
        true)))).isEqualTo("node n2 is draining: it takes no new instances, and the leading "
            + "manager moves its instances to other nodes; allocated cpu 0.5 of 4, memory 128 "
            + "of 8192 MiB, 2 instance(s) (correlation id c-3)");
    assertThat(NodeText.drained(new DrainAnswer("c-4", allocation("n2", 0, 0, 0, false,
        true)))).startsWith("node n2 is not draining: it takes new instances; ");
    assertThat(NodeText.drained(new DrainAnswer("c-5", allocation("n2", 0, 0, 0, false,
        false)))).startsWith("node n2 is not draining, but its spawner is down: it takes no "
            + "instances until it is back; ");
  }

  @Test
  void coresAreWrittenAsPeopleWriteThem() {
    assertThat(NodeText.cpu(new ResourcesView(4, 0))).isEqualTo("4");
    assertThat(NodeText.cpu(new ResourcesView(0.5, 0))).isEqualTo("0.5");
    assertThat(NodeText.cpu(new ResourcesView(1.0 / 3, 0))).isEqualTo("0.33");
    assertThat(NodeText.cpu(new ResourcesView(0, 0))).isEqualTo("0");
    assertThat(NodeText.cpu(new ResourcesView(16, 0))).isEqualTo("16");
  }
}
