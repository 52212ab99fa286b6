package io.snowfox.api.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.Allocation;
import io.snowfox.client.ApiJson;
import io.snowfox.client.Node;
import io.snowfox.client.NodeScheduling;
import io.snowfox.client.Resources;
import io.snowfox.client.Subsystem;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A node's JSON as the API writes it, and as the Java client reads it back. */
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
        List.of(), new NodeSchedulingView(true, 7, new AllocationView("node-1",
            new ResourcesView(4, 8192), new ResourcesView(1.5, 768), 3, true, true)));
  }

  /** {@code json} encoded to text and read by the Java client. */
  static Node asTheClientReadsIt(JsonObject json) {
    return ApiJson.read(json.encode(), Node.class);
  }

  @Test
  void theClientReadsEveryFieldOfANode() {
    assertThat(asTheClientReadsIt(yellowNode().toJson())).isEqualTo(new Node("node-1", true,
        "YELLOW", "spawner restarting after exit code 1", "0.1.0",
        Instant.parse("2030-01-01T00:00:00.123456Z"), 4, List.of(
            new Subsystem("daemon", "GREEN", "RUNNING", "", 4242, 0),
            new Subsystem("spawner", "YELLOW", "BACKING_OFF",
                "spawner restarting after exit code 1", 0, 3),
            new Subsystem("manager", "GREEN", "RUNNING", "", 4300, 0)), null));
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
  void aScheduledNodeCarriesItsFieldsNextToTheStatusAndTheClientReadsThem() {
    JsonObject json = scheduledNode().toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("node_id", "reachable", "status",
        "reason", "version", "started_at", "cluster_members", "subsystems", "leader", "epoch",
        "capacity", "allocated", "instances", "draining", "schedulable");
    assertThat(json.getJsonObject("capacity").encode())
        .isEqualTo("{\"cpu\":4.0,\"memory_mb\":8192}");
    assertThat(json.getJsonObject("allocated").encode())
        .isEqualTo("{\"cpu\":1.5,\"memory_mb\":768}");
    assertThat(asTheClientReadsIt(json).scheduling()).isEqualTo(new NodeScheduling(true, 7,
        new Allocation("node-1", new Resources(4, 8192), new Resources(1.5, 768), 3, true,
            true)));
  }

  @Test
  void anUnreachableNodeSaysWhy() {
    NodeView node = NodeView.unreachable("node-2", "no answer within 2000 ms");

    assertThat(node.reachable()).isFalse();
    assertThat(node.status()).isEqualTo(NodeView.UNREACHABLE);
    assertThat(node.subsystems()).isEmpty();
    Node read = asTheClientReadsIt(node.toJson());
    assertThat(read.status()).isEqualTo(Node.UNREACHABLE);
    assertThat(read.reason()).isEqualTo("no answer within 2000 ms");
    assertThat(read.startedAt()).isNull();
  }

  @Test
  void aLargePidSurvivesTheWayToTheClient() {
    SubsystemView part = new SubsystemView("api", "RED", "STARTING", "api is crash-looping",
        4_194_304_000L, 7);

    assertThat(ApiJson.read(part.toJson().encode(), Subsystem.class)).isEqualTo(
        new Subsystem("api", "RED", "STARTING", "api is crash-looping", 4_194_304_000L, 7));
  }
}
