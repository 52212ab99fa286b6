package io.snowfox.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the test did to the cluster and when, in wall-clock time so that it reads beside the
 * nodes' JSON logs (their {@code time} field): kills, restarts, freezes.
 */
final class ChaosTimeline {

  /** One thing done, {@code at} an instant. */
  record Event(Instant at, String what) {}

  private final Instant start = Instant.now();
  private final List<Event> events = new ArrayList<>();

  synchronized void add(String what) {
    events.add(new Event(Instant.now(), what));
  }

  synchronized List<Event> events() {
    return List.copyOf(events);
  }

  /** The events of the {@code window} before {@code until}. */
  synchronized List<Event> before(Instant until, Duration window) {
    Instant from = until.minus(window);
    return events.stream().filter(e -> !e.at().isBefore(from) && !e.at().isAfter(until))
        .toList();
  }

  /** "t+12.3s" since the start of the run. */
  String offset(Instant at) {
    return String.format("t+%.1fs", Duration.between(start, at).toMillis() / 1000.0);
  }

  String format(Event event) {
    return offset(event.at()) + " " + event.at() + " " + event.what();
  }

  Duration elapsed() {
    return Duration.between(start, Instant.now());
  }
}
