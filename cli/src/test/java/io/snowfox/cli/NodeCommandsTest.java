package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code snowfox nodes} and {@code snowfox node drain|undrain} against a stand-in API. */
class NodeCommandsTest {

  /** A request as the stand-in saw it. */
  private record Seen(String method, String path, String authorization) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private HttpServer server;

  /** What the stand-in answers next. */
  private volatile int status = 200;
  private volatile String body = "{}";

  @BeforeEach
  void startStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stopStandIn() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
        exchange.getRequestHeaders().getFirst("Authorization")));
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream stream = exchange.getResponseBody()) {
      stream.write(bytes);
    }
  }

  private void answerWith(int status, String body) {
    this.status = status;
    this.body = body;
  }

  /** Runs {@code snowfox ARGS --api <stand-in> --token t}; returns the exit code. */
  private int run(String... args) {
    List<String> line = new java.util.ArrayList<>(List.of(args));
    line.addAll(List.of("--api", "http://127.0.0.1:" + server.getAddress().getPort(),
        "--token", "sfx_operator"));
    return SnowfoxMain.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(line.toArray(String[]::new));
  }

  /** A drain's answer as the API writes it. */
  private static final String DRAINED = "{\"correlation_id\":\"c-9\",\"allocation\":{"
      + "\"node_id\":\"n2\",\"capacity\":{\"cpu\":4.0,\"memory_mb\":8192},\"allocated\":{"
      + "\"cpu\":0.5,\"memory_mb\":128},\"instances\":2,\"draining\":true,"
      + "\"schedulable\":true}}";

  @Test
  void nodesShowsTheTableWithTheLeaderMarkedAndItsEpoch() {
    answerWith(200, NodeTextTest.THREE_NODES);

    int exit = run("nodes");

    assertThat(exit).isZero();
    assertThat(seen).extracting(Seen::method, Seen::path).containsExactly(tuple("GET",
        "/v1/nodes"));
    assertThat(out.toString()).startsWith("NODE  STATUS ")
        .contains("\nn1 *  GREEN        1.5/4          768/8192 MiB      3          no        yes")
        .contains("\nleader: n1 *, epoch 7\n")
        .endsWith("correlation id: c-1\n");
  }

  @Test
  void nodesAsJsonIsTheApisAnswerIndentedWithTheFieldsANewerApiAddsKept() {
    String newer = NodeTextTest.THREE_NODES.replace("\"partial\":true,",
        "\"partial\":true,\"region\":\"eu\",");
    answerWith(200, newer);

    int exit = run("nodes", "--json");

    assertThat(exit).isZero();
    assertThat(new io.vertx.core.json.JsonObject(out.toString()))
        .isEqualTo(new io.vertx.core.json.JsonObject(newer));
    assertThat(out.toString()).startsWith("{\n  \"correlation_id\" : \"c-1\",\n"
        + "  \"partial\" : true,\n  \"region\" : \"eu\",\n");
  }

  @Test
  void drainPostsTheNodesDrainAndSaysWhatItIsLeftIn() {
    answerWith(200, DRAINED);

    int exit = run("node", "drain", "n2");

    assertThat(exit).isZero();
    assertThat(seen).containsExactly(new Seen("POST", "/v1/nodes/n2/drain",
        "Bearer sfx_operator"));
    assertThat(out.toString()).isEqualTo("node n2 is draining: it takes no new instances, and "
        + "the leading manager moves its instances to other nodes; allocated cpu 0.5 of 4, "
        + "memory 128 of 8192 MiB, 2 instance(s) (correlation id c-9)\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void undrainDeletesTheNodesDrainAndPrintsTheApisAnswerAsJsonWhenAsked() {
    answerWith(200, DRAINED);

    int exit = run("node", "undrain", "n2", "--json");

    assertThat(exit).isZero();
    assertThat(seen).extracting(Seen::method, Seen::path)
        .containsExactly(tuple("DELETE", "/v1/nodes/n2/drain"));
    assertThat(new io.vertx.core.json.JsonObject(out.toString()).encode()).isEqualTo(DRAINED);
  }

  @Test
  void aDrainTheApiRefusesPrintsItsErrorAndExitsOne() {
    answerWith(403, "{\"error\":\"FORBIDDEN\",\"message\":\"a read token may not POST "
        + "/v1/nodes/n2/drain (needs operate)\",\"correlation_id\":\"c-10\"}");

    int exit = run("node", "drain", "n2");

    assertThat(exit).isEqualTo(SnowfoxMain.EXIT_FAILURE);
    assertThat(err.toString()).isEqualTo("error: a read token may not POST /v1/nodes/n2/drain "
        + "(needs operate) (correlation id c-10)\n");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void anUnknownNodeIsAFailureNamingIt() {
    answerWith(404, "{\"error\":\"NOT_FOUND\",\"message\":\"no node 'zz' in this cluster\","
        + "\"correlation_id\":\"c-11\"}");

    assertThat(run("node", "undrain", "zz")).isEqualTo(SnowfoxMain.EXIT_FAILURE);
    assertThat(err.toString()).isEqualTo(
        "error: no node 'zz' in this cluster (correlation id c-11)\n");
  }

  @Test
  void drainWithoutANodeIsAUsageErrorAndAsksNothing() {
    int exit = SnowfoxMain.commandLine().setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true)).execute("node", "drain");

    assertThat(exit).isEqualTo(SnowfoxMain.EXIT_USAGE);
    assertThat(err.toString()).contains("Missing required parameter: 'NODE'");
    assertThat(seen).isEmpty();
  }

  @Test
  void forgetDeletesTheNodeAndSaysSo() {
    answerWith(200, "{\"correlation_id\":\"c-12\",\"node_id\":\"n3\",\"forgotten\":true}");

    int exit = run("node", "forget", "n3");

    assertThat(exit).isZero();
    assertThat(seen).containsExactly(new Seen("DELETE", "/v1/nodes/n3", "Bearer sfx_operator"));
    assertThat(out.toString()).isEqualTo("forgot node n3\ncorrelation id: c-12\n");
  }

  @Test
  void forgettingANodeThatIsUpPrintsTheRefusal() {
    answerWith(409, "{\"error\":\"CONFLICT\",\"message\":\"node 'n1' is in the cluster: only "
        + "a node that is gone can be forgotten\",\"correlation_id\":\"c-13\"}");

    assertThat(run("node", "forget", "n1")).isEqualTo(SnowfoxMain.EXIT_FAILURE);
    assertThat(err.toString()).startsWith("error: node 'n1' is in the cluster");
  }

  @Test
  void drainUndrainAndForgetAreVerbsOfNode() {
    CommandLine node = SnowfoxMain.commandLine().getSubcommands().get("node");

    assertThat(node.getSubcommands()).containsOnlyKeys("info", "drain", "undrain", "forget");
  }
}
