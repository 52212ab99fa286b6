package io.snowfox.cli;

import io.snowfox.api.client.SnowfoxClient;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code snowfox events}: the cluster's events, recent ones or followed live. */
@Command(name = "events", mixinStandardHelpOptions = true,
    description = {"Print the cluster's events: node.joined, node.left, node.status, "
        + "process.restarted, instance.started, instance.exited, instance.killed, "
        + "instance.lost, job.state.",
        "Without --follow, the recent ones the API server kept."})
final class EventsCommand extends ClientCommand {

  @Option(names = {"-f", "--follow"}, description = "Keep printing events as they happen.")
  boolean follow;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only this type (repeatable).")
  List<String> types = new ArrayList<>();

  @Option(names = "--job", paramLabel = "ID", description = "Only events of this job.")
  String job;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    if (!follow) {
      JsonObject answer = client.recentEvents(types, job);
      if (json()) {
        printJson(answer);
        return 0;
      }
      JsonArray events = answer.getJsonArray("events", new JsonArray());
      if (events.isEmpty()) {
        out.println("no events");
      }
      for (int i = 0; i < events.size(); i++) {
        out.println(line(events.getJsonObject(i)));
      }
      return 0;
    }
    out.flush();
    client.events(types, job, new LineSink(text -> {
      if (text.isBlank()) {
        return;
      }
      if (json()) {
        out.println(text);
      } else {
        try {
          out.println(line(new JsonObject(text)));
        } catch (DecodeException e) {
          out.println(text);
        }
      }
      out.flush();
    }));
    return 0;
  }

  /** One event for people: time, type, job, source, data. */
  static String line(JsonObject event) {
    JsonObject source = event.getJsonObject("source", new JsonObject());
    StringBuilder data = new StringBuilder();
    event.getJsonObject("data", new JsonObject()).forEach(e -> {
      if (e.getValue() != null && !String.valueOf(e.getValue()).isEmpty()) {
        data.append(' ').append(e.getKey()).append('=').append(e.getValue());
      }
    });
    String job = event.getString("job_id", "");
    return String.format("%s  %-17s %s%s@%s%s", event.getString("time", ""),
        event.getString("type", ""), job.isEmpty() ? "" : job + "  ",
        source.getString("role", ""), source.getString("node", ""), data);
  }

  /** Splits a byte stream into lines. */
  static final class LineSink extends OutputStream {
    private final java.util.function.Consumer<String> lines;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    LineSink(java.util.function.Consumer<String> lines) {
      this.lines = lines;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines.accept(pending.toString(StandardCharsets.UTF_8));
        pending.reset();
      } else {
        pending.write(b);
      }
    }
  }
}
