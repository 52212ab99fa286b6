package io.snowfox.client;

import java.util.List;

/**
 * The answer of {@code GET /v1/events?follow=false}: the recent events, oldest first.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param events the events
 */
public record EventList(String correlationId, List<Event> events) {

  public EventList {
    events = Json.list(events);
  }
}
