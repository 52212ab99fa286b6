package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.Allocation;
import io.snowfox.client.ApiJson;
import io.snowfox.client.DrainAnswer;
import io.snowfox.client.Node;
import io.snowfox.client.NodeList;
import io.snowfox.client.NodeScheduling;
import io.snowfox.client.Resources;
import io.snowfox.client.Scheduling;
import io.snowfox.client.Subsystem;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes as the CLI shows them. */
class NodeTextTest {

  static Allocation allocation(String node, double cpu, long memory, int instances,
      boolean draining, boolean schedulable) {
    return new Allocation(node, new Resources(4, 8192), new Resources(cpu, memory),
        instances, draining, schedulable);
  }

  static Node node(String id, String status, String reason, NodeScheduling scheduling) {
    return new Node(id, true, status, reason, "0.1.0", Instant.parse("2030-01-01T00:00:00Z"), 4,
        List.of(new Subsystem("spawner", status, "RUNNING", reason, 4242, 0)), scheduling);
  }

  /** Three nodes: n1 leads, n2 drains, n3 is not listed by the leader and did not answer. */
  static NodeList threeNodes() {
    return new NodeList("c-1", true, new Scheduling(true, "n1", 7, "", ""), List.of(
        node("n1", "GREEN", "", new NodeScheduling(true, 7,
            allocation("n1", 1.5, 768, 3, false, true))),
        node("n2", "YELLOW", "spawner restarting", new NodeScheduling(false, 7,
            allocation("n2", 0.1 + 0.2, 0, 1, true, false))),
        new Node("n3", false, Node.UNREACHABLE, "no answer within 2000 ms", "", null, 0,
            List.of(), null)));
  }

  /** {@link #threeNodes()} as {@code GET /v1/nodes} writes it. */
  static final String THREE_NODES = "{\"correlation_id\":\"c-1\",\"partial\":true,"
      + "\"scheduling\":{\"available\":true,\"leader_node_id\":\"n1\",\"epoch\":7},\"nodes\":["
      + "{\"node_id\":\"n1\",\"reachable\":true,\"status\":\"GREEN\",\"reason\":\"\","
      + "\"version\":\"0.1.0\",\"started_at\":\"2030-01-01T00:00:00Z\",\"cluster_members\":4,"
      + "\"subsystems\":[{\"name\":\"spawner\",\"status\":\"GREEN\",\"state\":\"RUNNING\","
      + "\"reason\":\"\",\"pid\":4242,\"restarts\":0}],\"leader\":true,\"epoch\":7,"
      + "\"capacity\":{\"cpu\":4.0,\"memory_mb\":8192},\"allocated\":{\"cpu\":1.5,"
      + "\"memory_mb\":768},\"instances\":3,\"draining\":false,\"schedulable\":true},"
      + "{\"node_id\":\"n2\",\"reachable\":true,\"status\":\"YELLOW\","
      + "\"reason\":\"spawner restarting\",\"version\":\"0.1.0\","
      + "\"started_at\":\"2030-01-01T00:00:00Z\",\"cluster_members\":4,"
      + "\"subsystems\":[{\"name\":\"spawner\",\"status\":\"YELLOW\",\"state\":\"RUNNING\","
      + "\"reason\":\"spawner restarting\",\"pid\":4242,\"restarts\":0}],\"leader\":false,"
      + "\"epoch\":7,\"capacity\":{\"cpu\":4.0,\"memory_mb\":8192},"
      + "\"allocated\":{\"cpu\":0.30000000000000004,\"memory_mb\":0},\"instances\":1,"
      + "\"draining\":true,\"schedulable\":false},"
      + "{\"node_id\":\"n3\",\"reachable\":false,\"status\":\"UNREACHABLE\","
      + "\"reason\":\"no answer within 2000 ms\",\"version\":\"\",\"started_at\":\"\","
      + "\"cluster_members\":0,\"subsystems\":[]}]}";

  @Test
  void theJsonOfTheThreeNodesIsWhatTheClientReadsAsThem() {
    assertThat(ApiJson.read(THREE_NODES, NodeList.class)).isEqualTo(threeNodes());
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
    String text = printed(out -> NodeText.printTable(out, Terminal.plain(), threeNodes()));

    assertThat(text).endsWith("leader: n1 *, epoch 7\n(partial: some nodes did not answer)\n"
        + "correlation id: c-1\n");
  }

  @Test
  void listingWithoutTheLeadersAnswerSaysWhy() {
    NodeList nodes = new NodeList("c-2", false, new Scheduling(false, "", 0, "UNAVAILABLE",
        "no scheduling from the leading manager: nobody is listening"),
        List.of(node("n1", "GREEN", "", null)));

    String text = printed(out -> NodeText.printTable(out, Terminal.plain(), nodes));

    assertThat(text).isEqualTo(String.join("\n",
        "NODE  STATUS  CPU ALLOC/CAP  MEMORY ALLOC/CAP  INSTANCES  DRAINING  SCHEDULABLE  REASON",
        "n1    GREEN   -              -                 -          -         -            -",
        "(no scheduling from the leading manager: nobody is listening)",
        "correlation id: c-2", ""));
  }

  @Test
  void nodeInfoShowsTheSchedulingUnderTheVersion() {
    String text = printed(out -> NodeText.printList(out, Terminal.plain(), threeNodes()));

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
    assertThat(NodeText.cpu(new Resources(4, 0))).isEqualTo("4");
    assertThat(NodeText.cpu(new Resources(0.5, 0))).isEqualTo("0.5");
    assertThat(NodeText.cpu(new Resources(1.0 / 3, 0))).isEqualTo("0.33");
    assertThat(NodeText.cpu(new Resources(0, 0))).isEqualTo("0");
    assertThat(NodeText.cpu(new Resources(16, 0))).isEqualTo("16");
  }
}
