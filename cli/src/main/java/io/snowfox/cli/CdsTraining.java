package io.snowfox.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Runs the client commands once against canned answers, so that the build can list the classes
 * they load ({@code -XX:DumpLoadedClassList}) for the distribution's class-data archive
 * ({@code dist/src/build/ClassArchive.java}): loading a few thousand classes from it instead of
 * from jars is most of a CLI call's time. Not a user command.
 */
public final class CdsTraining {

  private static final String NODES = "{\"correlation_id\":\"c\",\"partial\":false,\"nodes\":"
      + "[{\"node_id\":\"n\",\"reachable\":true,\"status\":\"GREEN\",\"reason\":\"\","
      + "\"version\":\"v\",\"started_at\":\"2026-01-01T00:00:00Z\",\"cluster_members\":4,"
      + "\"subsystems\":[{\"name\":\"daemon\",\"status\":\"GREEN\",\"state\":\"RUNNING\","
      + "\"reason\":\"\",\"pid\":1,\"restarts\":0}]}]}";
  private static final String JOB = "{\"id\":\"j\",\"name\":\"j\",\"state\":\"complete\","
      + "\"reason\":\"\",\"submitted_at\":\"2026-01-01T00:00:00Z\",\"ended_at\":null,"
      + "\"spec\":{\"command\":\"/bin/true\",\"args\":[]},\"instances\":[{\"index\":0,"
      + "\"state\":\"exited\",\"node\":\"n\",\"pid\":2,\"restarts\":0,\"started_at\":null,"
      + "\"ended_at\":null,\"last_error\":\"\",\"exit_code\":0,\"signal\":null}]}";

  private CdsTraining() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/nodes", exchange -> answer(exchange, NODES));
    server.createContext("/v1/jobs", exchange -> answer(exchange, exchange.getRequestURI()
        .getPath().equals("/v1/jobs") ? "{\"correlation_id\":\"c\",\"jobs\":[" + JOB + "]}"
        : "{\"correlation_id\":\"c\",\"job\":" + JOB + "}"));
    server.start();
    try {
      String api = "http://127.0.0.1:" + server.getAddress().getPort();
      PrintWriter sink = new PrintWriter(Writer.nullWriter());
      for (String[] command : new String[][] {
          {"node", "info", "--api", api}, {"nodes", "--api", api},
          {"job", "list", "--api", api}, {"job", "status", "j", "--api", api},
          {"job", "status", "j", "--json", "--api", api}, {"--help"}, {"job", "--help"}}) {
        SnowfoxMain.commandLine().setOut(sink).setErr(sink).execute(command);
      }
    } finally {
      server.stop(0);
    }
    System.exit(0);
  }

  private static void answer(HttpExchange exchange, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("X-Correlation-Id", "c");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
