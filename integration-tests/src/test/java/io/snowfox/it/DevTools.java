package io.snowfox.it;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Chrome DevTools Protocol session with one page, over the JDK's WebSocket client: commands
 * and their answers, and the page's script errors, failed loads, policy violations and
 * requests, kept for the test to check. Its page is driven as a user would: clicks are mouse
 * events at an element's place, typing is text inserted where the focus is.
 */
final class DevTools implements AutoCloseable {

  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<String> requested = new ArrayList<>();
  private WebSocket socket;

  private DevTools() {}

  static DevTools connect(URI page) {
    DevTools devTools = new DevTools();
    devTools.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(page, devTools.new Listener()).join();
    devTools.send("Runtime.enable", new JsonObject());
    devTools.send("Log.enable", new JsonObject());
    devTools.send("Page.enable", new JsonObject());
    devTools.send("Network.enable", new JsonObject());
    return devTools;
  }

  /** Sends a command and waits for its result. */
  JsonObject send(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    socket.sendText(new JsonObject().put("id", id).put("method", method).put("params", params)
        .encode(), true);
    try {
      JsonObject message = answer.get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (message.containsKey("error")) {
        throw new AssertionError(method + " failed: " + message.getJsonObject("error"));
      }
      return message.getJsonObject("result", new JsonObject());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + method, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError(method + " got no answer", e);
    } finally {
      pending.remove(id);
    }
  }

  /** Loads {@code url} and waits until its document has loaded. */
  void navigate(String url) {
    send("Page.navigate", new JsonObject().put("url", url));
    waitFor("document.readyState === 'complete' && location.href === " + quote(url),
        Duration.ofSeconds(20));
  }

  void reload() {
    send("Page.reload", new JsonObject());
    waitFor("document.readyState === 'complete'", Duration.ofSeconds(20));
  }

  /** Sets the page's size, as a window of that size would have it. */
  void viewport(int width, int height) {
    send("Emulation.setDeviceMetricsOverride", new JsonObject().put("width", width)
        .put("height", height).put("deviceScaleFactor", 1).put("mobile", false));
  }

  /** The value of a JavaScript expression in the page; a promise is awaited. */
  Object eval(String expression) {
    JsonObject result = send("Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      throw new AssertionError("'" + expression + "' threw: "
          + result.getJsonObject("exceptionDetails"));
    }
    return result.getJsonObject("result").getValue("value");
  }

  String text(String selector) {
    return String.valueOf(eval("document.querySelector(" + quote(selector)
        + ")?.textContent ?? ''"));
  }

  /** Waits until {@code condition} (JavaScript) is true in the page. */
  void waitFor(String condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!Boolean.TRUE.equals(eval("Boolean(" + condition + ")"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the page did not come to show " + condition + " within "
            + within + "; it shows: " + eval("location.href + '\\n' + document.body.innerText"));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  void waitForElement(String selector, Duration within) {
    waitFor("document.querySelector(" + quote(selector) + ")?.offsetParent", within);
  }

  /** Clicks the middle of the element, with the mouse. */
  void click(String selector) {
    waitForElement(selector, Duration.ofSeconds(10));
    JsonObject box = (JsonObject) eval("(() => { const e = "
        + "document.querySelector(" + quote(selector) + "); e.scrollIntoView({block: 'center'});"
        + " const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2,"
        + " y: r.y + r.height / 2}; })()");
    for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
      send("Input.dispatchMouseEvent", new JsonObject().put("type", type)
          .put("x", box.getValue("x")).put("y", box.getValue("y")).put("button", "left")
          .put("clickCount", type.equals("mouseMoved") ? 0 : 1));
    }
  }

  /** Types {@code text} into the element, after what it holds. */
  void type(String selector, String text) {
    click(selector);
    send("Input.insertText", new JsonObject().put("text", text));
  }

  /** Chooses the option of {@code value} in a select element, as a user's choice would. */
  void choose(String selector, String value) {
    eval("(() => { const e = document.querySelector(" + quote(selector) + "); e.value = "
        + quote(value) + "; e.dispatchEvent(new Event('change', {bubbles: true})); })()");
  }

  /** Saves what the page shows as a PNG. */
  void screenshot(Path file) throws java.io.IOException {
    String data = send("Page.captureScreenshot", new JsonObject().put("format", "png"))
        .getString("data");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  /** Script errors, failed loads and policy violations the page reported since last asked. */
  synchronized List<String> takeProblems() {
    List<String> taken = List.copyOf(problems);
    problems.clear();
    return taken;
  }

  /** {@code text} as a JavaScript string literal. */
  static String quote(String text) {
    return Json.encode(text);
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
  }

  /** The URL of every request the page made so far. */
  synchronized List<String> requested() {
    return List.copyOf(requested);
  }

  private synchronized void requested(String url) {
    requested.add(url);
  }

  private synchronized void problem(String what) {
    problems.add(what);
  }

  private void received(JsonObject message) {
    if (message.containsKey("id")) {
      CompletableFuture<JsonObject> answer = pending.get(message.getInteger("id"));
      if (answer != null) {
        answer.complete(message);
      }
      return;
    }
    JsonObject params = message.getJsonObject("params", new JsonObject());
    switch (message.getString("method", "")) {
      case "Runtime.exceptionThrown" -> problem("exception: " + params.getJsonObject(
          "exceptionDetails"));
      case "Runtime.consoleAPICalled" -> {
        if ("error".equals(params.getString("type"))) {
          problem("console.error: " + params.getJsonArray("args"));
        }
      }
      case "Log.entryAdded" -> {
        JsonObject entry = params.getJsonObject("entry");
        if ("error".equals(entry.getString("level"))) {
          problem(entry.getString("source") + ": " + entry.getString("text") + " "
              + entry.getString("url", ""));
        }
      }
      case "Network.requestWillBeSent" -> requested(params.getJsonObject("request")
          .getString("url"));
      default -> { }
    }
  }

  /** Collects a message's frames; CDP answers (screenshots) span many. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        String message = text.toString();
        text.setLength(0);
        received(new JsonObject(message));
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      problem("DevTools connection failed: " + error);
      pending.values().forEach(answer -> answer.completeExceptionally(error));
    }
  }
}
