package io.snowfox.runtime.bus;

import io.snowfox.protocol.v1.Event;
import io.snowfox.protocol.v1.RecentEventsRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last {@link #KEPT} events a process published, oldest first: what it answers to a
 * {@link RecentEventsRequest}. Events are kept where they are published, so publishing costs
 * nothing on the wire while nobody follows them; an API server asks every publisher when a
 * client wants the recent ones ({@code GET /v1/events?follow=false}).
 */
public final class RecentEvents {

  /** Events kept per process. */
  public static final int KEPT = 1000;

  private final int kept;
  private final Deque<Event> events = new ArrayDeque<>();

  public RecentEvents() {
    this(KEPT);
  }

  RecentEvents(int kept) {
    this.kept = kept;
  }

  /** Keeps {@code event}, forgetting the oldest beyond the limit. */
  public synchronized void add(Event event) {
    if (events.size() == kept) {
      events.removeFirst();
    }
    events.addLast(event);
  }

  /** The kept events that match {@code request} (its types, its job), oldest first. */
  public synchronized List<Event> matching(RecentEventsRequest request) {
    return events.stream()
        .filter(event -> request.getTypesList().isEmpty()
            || request.getTypesList().contains(event.getType()))
        .filter(event -> request.getJobId().isEmpty()
            || request.getJobId().equals(event.getJobId()))
        .toList();
  }
}
