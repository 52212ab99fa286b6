package io.snowfox.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeListTest {

  @Test
  void listRoundTripsThroughJson() {
    NodeList list = new NodeList("c-1", true, List.of(
        NodeViewTest.yellowNode(),
        NodeView.unreachable("node-2", "no answer within 2000 ms")));

    NodeList read = NodeList.fromJson(new JsonObject(list.toJson().encode()));

    assertThat(read).isEqualTo(list);
  }

  @Test
  void jsonUsesTheDocumentedFieldNames() {
    JsonObject json = new NodeList("c-1", false, List.of()).toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("correlation_id", "partial", "nodes");
    assertThat(json.getString("correlation_id")).isEqualTo("c-1");
    assertThat(json.getBoolean("partial")).isFalse();
    assertThat(json.getJsonArray("nodes")).isEmpty();
  }

  @Test
  void emptyAnswerIsAnEmptyCompleteList() {
    assertThat(NodeList.fromJson(new JsonObject()))
        .isEqualTo(new NodeList("", false, List.of()));
  }
}
