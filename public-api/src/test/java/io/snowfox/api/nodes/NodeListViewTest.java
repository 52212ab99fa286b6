package io.snowfox.api.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.ApiJson;
import io.snowfox.client.NodeList;
import io.snowfox.client.Scheduling;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node listing's JSON as the API writes it, and as the Java client reads it back. */
class NodeListViewTest {

  @Test
  void theClientReadsTheListing() {
    NodeListView list = new NodeListView("c-1", true, SchedulingView.of("node-1", 7), List.of(
        NodeViewTest.scheduledNode(), NodeViewTest.yellowNode(),
        NodeView.unreachable("node-2", "no answer within 2000 ms")));

    NodeList read = ApiJson.read(list.toJson().encode(), NodeList.class);

    assertThat(read.correlationId()).isEqualTo("c-1");
    assertThat(read.partial()).isTrue();
    assertThat(read.scheduling()).isEqualTo(new Scheduling(true, "node-1", 7, "", ""));
    assertThat(read.nodes()).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(read.nodes().get(i))
          .isEqualTo(NodeViewTest.asTheClientReadsIt(list.nodes().get(i).toJson()));
    }
  }

  @Test
  void jsonUsesTheDocumentedFieldNames() {
    JsonObject json = new NodeListView("c-1", false, SchedulingView.of("node-1", 7), List.of())
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
    NodeListView list = new NodeListView("c-2", false, SchedulingView.unavailable("TIMEOUT",
        "no scheduling from the leading manager: no answer within 2000 ms"),
        List.of(NodeViewTest.yellowNode()));
    JsonObject json = list.toJson();

    assertThat(json.getJsonObject("scheduling").fieldNames())
        .containsExactly("available", "error", "message");
    assertThat(json.getJsonArray("nodes").getJsonObject(0).containsKey("leader")).isFalse();
    NodeList read = ApiJson.read(json.encode(), NodeList.class);
    assertThat(read.scheduling()).isEqualTo(new Scheduling(false, "", 0, "TIMEOUT",
        "no scheduling from the leading manager: no answer within 2000 ms"));
    assertThat(read.nodes().get(0).scheduling()).isNull();
  }
}
