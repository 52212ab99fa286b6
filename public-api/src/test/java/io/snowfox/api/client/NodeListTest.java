package io.snowfox.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeListTest {

  @Test
  void listRoundTripsThroughJson() {
    NodeList list = new NodeList("c-1", true, SchedulingView.of("node-1", 7), List.of(
        NodeViewTest.scheduledNode(), NodeViewTest.yellowNode().withScheduling(null),
        NodeView.unreachable("node-2", "no answer within 2000 ms")));

    NodeList read = NodeList.fromJson(new JsonObject(list.toJson().encode()));

    assertThat(read).isEqualTo(list);
  }

  @Test
  void jsonUsesTheDocumentedFieldNames() {
    JsonObject json = new NodeList("c-1", false, SchedulingView.of("node-1", 7), List.of())
        .toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("correlation_id", "partial",
        "scheduling", "nodes");
    assertThat(json.getJsonObject("scheduling").encode())
        .isEqualTo("{\"available\":true,\"leader_node_id\":\"node-1\",\"epoch\":7}");
    assertThat(json.getString("correlation_id")).isEqualTo("c-1");
    assertThat(json.getBoolean("partial")).isFalse();
    assertThat(json.getJsonArray("nodes")).isEmpty();
  }

  @Test
  void aListWithoutTheLeadersAnswerSaysWhy() {
    NodeList list = new NodeList("c-2", false, SchedulingView.unavailable("TIMEOUT",
        "no scheduling from the leading manager: no answer within 2000 ms"),
        List.of(NodeViewTest.yellowNode()));
    JsonObject json = list.toJson();

    assertThat(NodeList.fromJson(new JsonObject(json.encode()))).isEqualTo(list);
    assertThat(json.getJsonObject("scheduling").fieldNames())
        .containsExactly("available", "error", "message");
    assertThat(json.getJsonArray("nodes").getJsonObject(0).containsKey("leader")).isFalse();
  }

  @Test
  void emptyAnswerIsAnEmptyCompleteListWithoutScheduling() {
    assertThat(NodeList.fromJson(new JsonObject()))
        .isEqualTo(new NodeList("", false, SchedulingView.unavailable("", ""), List.of()));
  }
}
