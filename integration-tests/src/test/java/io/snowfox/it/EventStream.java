package io.snowfox.it;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A client of {@code GET /v1/events} (NDJSON), reading on a thread of its own. */
final class EventStream implements AutoCloseable {

  private final InputStream body;
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final Thread reader;

  EventStream(String url) throws IOException, InterruptedException {
    body = Http.stream(url);
    reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          if (!line.isBlank()) {
            events.add(new JsonObject(line));
          }
        }
      } catch (IOException e) {
        // closed
      }
    }, "event-stream-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** The next event, or an AssertionError after {@code within}. */
  JsonObject next(Duration within) throws InterruptedException {
    JsonObject event = events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    if (event == null) {
      throw new AssertionError("no event within " + within);
    }
    return event;
  }

  @Override
  public void close() throws IOException {
    body.close();
  }
}
