package io.snowfox.api.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeViewTest {

  static NodeView yellowNode() {
    return new NodeView("node-1", true, "YELLOW", "spawner restarting after exit code 1",
        "0.1.0", "2030-01-01T00:00:00.123456Z", 4, List.of(
            new SubsystemView("daemon", "GREEN", "RUNNING", "", 4242, 0),
            new SubsystemView("spawner", "YELLOW", "BACKING_OFF",
                "spawner restarting after exit code 1", 0, 3),
            new SubsystemView("manager", "GREEN", "RUNNING", "", 4300, 0)), null);
  }

  /** A node whose manager leads, draining, with what is placed on it. */
  static NodeView scheduledNode() {
    return new NodeView("node-1", true, "GREEN", "", "0.1.0", "2030-01-01T00:00:00Z", 4,
        List.of(), new NodeScheduling(true, 7, new AllocationView("node-1",
            new ResourcesView(4, 8192), new ResourcesView(1.5, 768), 3, true, true)));
  }

  /** Encoded to text and read back, as the client does. */
  private static JsonObject overTheWire(JsonObject json) {
    return new JsonObject(json.encode());
  }

  @Test
  void nodeRoundTripsThroughJson() {
    NodeView node = yellowNode();

    assertThat(NodeView.fromJson(overTheWire(node.toJson()))).isEqualTo(node);
  }

  @Test
  void jsonUsesTheDocumentedFieldNames() {
    JsonObject json = yellowNode().toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("node_id", "reachable", "status",
        "reason", "version", "started_at", "cluster_members", "subsystems");
    assertThat(json.getJsonArray("subsystems").getJsonObject(1).fieldNames())
        .containsExactlyInAnyOrder("name", "status", "state", "reason", "pid", "restarts");
    assertThat(json.getJsonArray("subsystems").getJsonObject(1).getInteger("restarts"))
        .isEqualTo(3);
  }

  @Test
  void scheduledNodeRoundTripsThroughJsonWithItsFieldsNextToTheStatus() {
    NodeView node = scheduledNode();
    JsonObject json = node.toJson();

    assertThat(NodeView.fromJson(overTheWire(json))).isEqualTo(node);
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("node_id", "reachable", "status",
        "reason", "version", "started_at", "cluster_members", "subsystems", "leader", "epoch",
        "capacity", "allocated", "instances", "draining", "schedulable");
    assertThat(json.getJsonObject("capacity").encode())
        .isEqualTo("{\"cpu\":4.0,\"memory_mb\":8192}");
    assertThat(json.getJsonObject("allocated").encode())
        .isEqualTo("{\"cpu\":1.5,\"memory_mb\":768}");
  }

  @Test
  void unreachableNodeSaysWhy() {
    NodeView node = NodeView.unreachable("node-2", "no answer within 2000 ms");

    assertThat(node.reachable()).isFalse();
    assertThat(node.status()).isEqualTo(NodeView.UNREACHABLE);
    assertThat(node.reason()).isEqualTo("no answer within 2000 ms");
    assertThat(node.subsystems()).isEmpty();
    assertThat(NodeView.fromJson(overTheWire(node.toJson()))).isEqualTo(node);
  }

  @Test
  void missingFieldsReadAsEmpty() {
    NodeView node = NodeView.fromJson(new JsonObject().put("node_id", "node-3"));

    assertThat(node).isEqualTo(new NodeView("node-3", false, "", "", "", "", 0, List.of(),
        null));
  }

  @Test
  void subsystemRoundTripsThroughJsonWithALargePid() {
    SubsystemView part = new SubsystemView("api", "RED", "STARTING", "api is crash-looping",
        4_194_304_000L, 7);

    assertThat(SubsystemView.fromJson(overTheWire(part.toJson()))).isEqualTo(part);
  }
}
