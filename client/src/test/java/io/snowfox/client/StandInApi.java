package io.snowfox.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 that answers every request with what the test set, and
 * remembers what it was sent.
 */
final class StandInApi implements AutoCloseable {

  /** A request as the stand-in saw it. */
  record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  /** One answer: status, body in chunks, headers. */
  record Reply(int status, List<String> chunks, Map<String, String> headers) {
    static Reply json(int status, String body) {
      return new Reply(status, List.of(body), Map.of("Content-Type", "application/json"));
    }
  }

  final List<Seen> seen = new CopyOnWriteArrayList<>();
  /** Answers given once each, before {@link #reply}. */
  final Queue<Reply> first = new ConcurrentLinkedQueue<>();
  volatile Reply reply = Reply.json(200, "{}");
  /** How long to wait before answering. */
  volatile long delayMillis;
  private final HttpServer server;

  StandInApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void answer(int status, String json) {
    reply = Reply.json(status, json);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          headers(exchange),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      Reply next = first.poll();
      Reply answer = next == null ? reply : next;
      answer.headers().forEach(exchange.getResponseHeaders()::add);
      exchange.getResponseHeaders().add(SnowfoxClient.CORRELATION_HEADER, "c-header");
      exchange.sendResponseHeaders(answer.status(), 0);
      try (OutputStream body = exchange.getResponseBody()) {
        for (String chunk : answer.chunks()) {
          body.write(chunk.getBytes(StandardCharsets.UTF_8));
          body.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, List<String>> headers(HttpExchange exchange) {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(exchange.getRequestHeaders());
    return headers;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
