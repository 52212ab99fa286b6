package io.snowfox.api.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.api.http.CorrelationHandler;
import io.snowfox.client.ApiCall;
import io.snowfox.client.ApiException;
import io.snowfox.client.DrainAnswer;
import io.snowfox.client.Node;
import io.snowfox.client.NodeList;
import io.snowfox.client.SnowfoxClient;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.EnvelopeCodec;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.DrainNodeRequest;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.NodeAllocation;
import io.snowfox.protocol.v1.NodeInfoRequest;
import io.snowfox.protocol.v1.NodeInfoResponse;
import io.snowfox.protocol.v1.NodeSchedulingRequest;
import io.snowfox.protocol.v1.NodeSchedulingResponse;
import io.snowfox.protocol.v1.Resources;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StatusColour;
import io.snowfox.runtime.bus.Bus;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.cluster.ClusterOptions;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/nodes} with stand-ins on the bus for the daemons and the leading manager, and the
 * Java client: what the leader says of each node is merged into the listing; without it the
 * listing still answers and says why; drains go to the leader.
 */
class NodeEndpointTest {

  private Vertx vertx;
  private Bus bus;
  private SnowfoxClient client;
  /** The nodes the directory knows. */
  private volatile Set<String> known = Set.of("n1", "n2");
  /** The nodes the stand-in leader drains. */
  private final Set<String> draining = ConcurrentHashMap.newKeySet();
  /** The drain requests the stand-in leader was sent. */
  private final List<DrainNodeRequest> drainsAsked = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    Correlation.init();
    vertx = Vertx.vertx();
    vertx.eventBus().registerDefaultCodec(Envelope.class, new EnvelopeCodec());
    bus = new Bus(vertx, Endpoint.newBuilder().setNodeId("gateway").setRole(Role.ROLE_API)
        .build());
    await(daemon("n1"));
    await(daemon("n2"));
    RoleContext context = new RoleContext(vertx, null, bus, new ClusterOptions(), Path.of("."));
    Router router = Router.router(vertx);
    // The API's correlation scope, as CorrelationHandler opens it.
    router.route().handler(ctx -> {
      String id = Envelopes.newId();
      ctx.response().putHeader(CorrelationHandler.HEADER, id);
      Correlation.runIn(new Correlation.Scope(id, "HTTP", Envelopes.newId()), ctx::next);
    });
    new NodeEndpoint(context, () -> Future.succeededFuture(new TreeSet<>(known)))
        .mount(router);
    HttpServer server = await(vertx.createHttpServer().requestHandler(router)
        .listen(0, "127.0.0.1"));
    client = new SnowfoxClient("http://127.0.0.1:" + server.actualPort(),
        Duration.ofSeconds(10), null);
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A daemon that says its node is GREEN. */
  private Future<?> daemon(String nodeId) {
    return bus.routes(Addresses.daemon(nodeId))
        .on(NodeInfoRequest.class, (request, envelope) -> Future.succeededFuture(
            NodeInfoResponse.newBuilder().setNodeId(nodeId)
                .setStatus(StatusColour.STATUS_COLOUR_GREEN).setVersion("test").build()))
        .listen();
  }

  private static Resources resources(double cpu, long memoryMb) {
    return Resources.newBuilder().setCpu(cpu).setMemoryMb(memoryMb).build();
  }

  /** n1 runs 3 instances; n2 runs none. */
  private NodeAllocation allocation(String nodeId) {
    boolean first = nodeId.equals("n1");
    return NodeAllocation.newBuilder().setNodeId(nodeId)
        .setCapacity(first ? resources(4, 8192) : resources(2, 4096))
        .setAllocated(first ? resources(1.5, 768) : resources(0, 0))
        .setInstances(first ? 3 : 0)
        .setDraining(draining.contains(nodeId))
        .setSchedulable(true)
        .build();
  }

  /** The leading manager of node n1, epoch 7, which schedules n1 and n2. */
  private void leader() throws Exception {
    await(bus.routes(Addresses.JOBS)
        .on(NodeSchedulingRequest.class, (request, envelope) -> Future.succeededFuture(
            NodeSchedulingResponse.newBuilder().setLeaderNodeId("n1").setLeaderEpoch(7)
                .addNodes(allocation("n1")).addNodes(allocation("n2")).build()))
        .on(DrainNodeRequest.class, (request, envelope) -> {
          drainsAsked.add(request);
          if (!request.getNodeId().equals("n1") && !request.getNodeId().equals("n2")) {
            return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_NOT_FOUND,
                "no node '" + request.getNodeId() + "' in this cluster"));
          }
          if (request.getDrain()) {
            draining.add(request.getNodeId());
          } else {
            draining.remove(request.getNodeId());
          }
          return Future.succeededFuture(allocation(request.getNodeId()));
        })
        .listen());
  }

  @Test
  void everyNodeCarriesWhatTheLeaderSaysOfIt() throws Exception {
    leader();
    draining.add("n2");

    io.snowfox.client.Answer<NodeList> both = client.exchange(ApiCall.listNodes());
    JsonObject answer = new JsonObject(both.json());

    assertThat(answer.fieldNames()).containsExactlyInAnyOrder("correlation_id", "partial",
        "scheduling", "nodes");
    assertThat(answer.getJsonObject("scheduling").getMap()).containsExactlyInAnyOrderEntriesOf(
        java.util.Map.of("available", true, "leader_node_id", "n1", "epoch", 7));
    JsonObject n1 = answer.getJsonArray("nodes").getJsonObject(0);
    assertThat(n1.fieldNames()).containsExactlyInAnyOrder("node_id", "reachable", "status",
        "reason", "version", "started_at", "cluster_members", "subsystems", "leader", "epoch",
        "capacity", "allocated", "instances", "draining", "schedulable");
    assertThat(n1.getString("status")).isEqualTo("GREEN");
    assertThat(n1.getBoolean("leader")).isTrue();
    assertThat(n1.getLong("epoch")).isEqualTo(7);
    assertThat(n1.getJsonObject("capacity").getMap()).containsEntry("cpu", 4.0)
        .containsEntry("memory_mb", 8192);
    assertThat(n1.getJsonObject("allocated").getMap()).containsEntry("cpu", 1.5)
        .containsEntry("memory_mb", 768);
    assertThat(n1.getInteger("instances")).isEqualTo(3);
    assertThat(n1.getBoolean("draining")).isFalse();
    assertThat(n1.getBoolean("schedulable")).isTrue();

    NodeList typed = both.value();
    Node n2 = typed.nodes().get(1);
    assertThat(n2.scheduling().leader()).isFalse();
    assertThat(n2.scheduling().epoch()).isEqualTo(7);
    assertThat(n2.scheduling().allocation().draining()).isTrue();
    assertThat(n2.scheduling().allocation().capacity()).isEqualTo(new io.snowfox.client.Resources(2, 4096));
    assertThat(typed.partial()).isFalse();
  }

  @Test
  void aNodeTheLeaderDoesNotListHasNoSchedulingFields() throws Exception {
    leader();
    known = Set.of("n1", "n2", "n3");
    await(daemon("n3"));

    io.snowfox.client.Answer<NodeList> both = client.exchange(ApiCall.listNodes());
    NodeList nodes = both.value();

    assertThat(nodes.scheduling().available()).isTrue();
    assertThat(nodes.nodes()).extracting(Node::nodeId).containsExactly("n1", "n2", "n3");
    assertThat(nodes.nodes().get(2).scheduling()).isNull();
    assertThat(new JsonObject(both.json()).getJsonArray("nodes").getJsonObject(2)
        .containsKey("leader")).isFalse();
    assertThat(nodes.nodes().get(2).status()).isEqualTo("GREEN");
  }

  @Test
  void withNoManagerTheListStillAnswersWithoutSchedulingAndSaysWhy() throws Exception {
    known = Set.of("n1", "n2", "n3");

    io.snowfox.client.Answer<NodeList> both = client.exchange(ApiCall.listNodes());
    JsonObject answer = new JsonObject(both.json());

    JsonObject scheduling = answer.getJsonObject("scheduling");
    assertThat(scheduling.fieldNames()).containsExactlyInAnyOrder("available", "error",
        "message");
    assertThat(scheduling.getBoolean("available")).isFalse();
    assertThat(scheduling.getString("error")).isEqualTo("UNAVAILABLE");
    assertThat(scheduling.getString("message")).startsWith(
        "no scheduling from the leading manager: nobody is listening for NodeSchedulingRequest");
    NodeList nodes = both.value();
    assertThat(nodes.nodes()).extracting(Node::status)
        .containsExactly("GREEN", "GREEN", Node.UNREACHABLE);
    assertThat(nodes.nodes()).allSatisfy(node -> assertThat(node.scheduling()).isNull());
    assertThat(answer.getJsonArray("nodes").getJsonObject(0).containsKey("capacity")).isFalse();
    assertThat(nodes.partial()).as("only the silent daemon of n3 makes it partial").isTrue();
  }

  @Test
  void aLeaderThatDoesNotAnswerDelaysTheListOnlyUntilTheDeadline() throws Exception {
    vertx.eventBus().consumer(Addresses.JOBS, message -> { });

    long start = System.nanoTime();
    NodeList nodes = client.listNodes();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isGreaterThanOrEqualTo(NodeEndpoint.NODE_DEADLINE)
        .isLessThan(NodeEndpoint.NODE_DEADLINE.plusSeconds(2));
    assertThat(nodes.scheduling().error()).isEqualTo("TIMEOUT");
    assertThat(nodes.nodes()).extracting(Node::status).containsExactly("GREEN", "GREEN");
    assertThat(nodes.partial()).isFalse();
  }

  @Test
  void oneNodeCarriesWhatTheLeaderSaysOfItToo() throws Exception {
    leader();
    draining.add("n2");

    JsonObject answer = new JsonObject(client.exchange(ApiCall.getNode("n2")).json());

    assertThat(answer.getJsonObject("scheduling").getString("leader_node_id")).isEqualTo("n1");
    assertThat(answer.getJsonObject("node").getBoolean("draining")).isTrue();
    assertThat(client.getNode("n1").node().scheduling().leader()).isTrue();
  }

  @Test
  void drainAndUndrainAskTheLeaderAndAnswerTheNodesAllocation() throws Exception {
    leader();

    io.snowfox.client.Answer<DrainAnswer> first = client.exchange(ApiCall.drainNode("n1"));
    DrainAnswer drained = first.value();
    DrainAnswer again = client.drainNode("n1");
    DrainAnswer undrained = client.undrainNode("n1");

    assertThat(drainsAsked).extracting(DrainNodeRequest::getNodeId, DrainNodeRequest::getDrain)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("n1", true),
            org.assertj.core.groups.Tuple.tuple("n1", true),
            org.assertj.core.groups.Tuple.tuple("n1", false));
    assertThat(drained.allocation().draining()).isTrue();
    assertThat(drained.allocation().nodeId()).isEqualTo("n1");
    assertThat(drained.allocation().allocated()).isEqualTo(new io.snowfox.client.Resources(1.5, 768));
    assertThat(drained.allocation().instances()).isEqualTo(3);
    assertThat(drained.correlationId()).isNotBlank().isNotEqualTo(again.correlationId());
    assertThat(again.allocation()).isEqualTo(drained.allocation());
    assertThat(undrained.allocation().draining()).isFalse();
    JsonObject json = new JsonObject(first.json());
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("correlation_id", "allocation");
    assertThat(json.getJsonObject("allocation").fieldNames()).containsExactlyInAnyOrder(
        "node_id", "capacity", "allocated", "instances", "draining", "schedulable");
  }

  @Test
  void aDrainOfANodeTheLeaderDoesNotKnowIsNotFound() throws Exception {
    leader();

    assertThatThrownBy(() -> client.drainNode("zz"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.code()).isEqualTo("NOT_FOUND");
          assertThat(e.getMessage()).isEqualTo("no node 'zz' in this cluster");
          assertThat(e.correlationId()).isNotBlank();
        });
  }

  @Test
  void aDrainWithNoManagerIsUnavailable() {
    assertThatThrownBy(() -> client.undrainNode("n1"))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("UNAVAILABLE");
        });
  }
}
