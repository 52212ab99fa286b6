package io.snowfox.client;

import java.util.List;

/**
 * The answer of {@code GET /v1/events?follow=false}: the recent events, oldest first.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param events the events
 * @param unanswered the processes ({@code manager@node-1}) that did not say their recent events
 *     in time: theirs are missing from {@code events}
 */
public record EventList(String correlationId, List<Event> events, List<String> unanswered) {

  public EventList {
    events = Json.list(events);
    unanswered = Json.list(unanswered);
  }
}
