package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.Event;
import io.snowfox.client.EventFilter;
import io.snowfox.client.EventList;
import io.snowfox.client.SnowfoxClient;
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
        "Without --follow, the recent ones: the last 1000 that the cluster's daemons and "
            + "managers each keep of those they published."})
final class EventsCommand extends ClientCommand {

  @Option(names = {"-f", "--follow"}, description = "Keep printing events as they happen.")
  boolean follow;

  @Option(names = "--type", paramLabel = "TYPE", description = "Only this type (repeatable).")
  List<String> types = new ArrayList<>();

  @Option(names = "--job", paramLabel = "ID", description = "Only events of this job.")
  String job;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    EventFilter filter = new EventFilter(types, job);
    if (!follow) {
      Answer<EventList> answer = client.exchange(ApiCall.recentEvents(filter));
      if (json()) {
        printJson(answer.json());
        return 0;
      }
      List<Event> events = answer.value().events();
      if (events.isEmpty()) {
        out.println("no events");
      }
      events.forEach(event -> out.println(line(event)));
      if (!answer.value().unanswered().isEmpty()) {
        err().println("warning: no answer from " + String.join(", ",
            answer.value().unanswered()) + ": their recent events are missing");
      }
      return 0;
    }
    out.flush();
    if (json()) {
      // Each line as the API wrote it.
      client.followEvents(filter, new LineSink(text -> {
        if (!text.isBlank()) {
          out.println(text);
          out.flush();
        }
      }));
    } else {
      client.followEvents(filter, event -> {
        out.println(line(event));
        out.flush();
      });
    }
    return 0;
  }

  /** One event for people: time, type, job, source, data. */
  static String line(Event event) {
    StringBuilder data = new StringBuilder();
    event.data().forEach((name, value) -> {
      if (value != null && !value.isEmpty()) {
        data.append(' ').append(name).append('=').append(value);
      }
    });
    String job = event.jobId();
    return String.format("%s  %-17s %s%s@%s%s", event.time() == null ? "" : event.time(),
        event.type(), job.isEmpty() ? "" : job + "  ", event.source().role(),
        event.source().node(), data);
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
