package io.snowfox.client;

import java.util.List;

/**
 * Which events to read ({@code GET /v1/events}): of some types only, of one job only, or all.
 *
 * @param types the event types ({@link Event#TYPES}); empty for every type
 * @param jobId only events of this job; null for every job
 */
public record EventFilter(List<String> types, String jobId) {

  /** Every event. */
  public static final EventFilter ALL = new EventFilter(List.of(), null);

  public EventFilter {
    types = Json.list(types);
  }

  /** Events of these types only. */
  public static EventFilter ofTypes(String... types) {
    return new EventFilter(List.of(types), null);
  }

  /** This filter, for the events of one job only. */
  public EventFilter forJob(String jobId) {
    return new EventFilter(types, jobId);
  }

  /** The query parameters after {@code follow=...}: {@code &type=A&type=B&job=ID}. */
  String query() {
    StringBuilder query = new StringBuilder();
    for (String type : types) {
      query.append("&type=").append(ApiCall.query(type));
    }
    if (jobId != null) {
      query.append("&job=").append(ApiCall.query(jobId));
    }
    return query.toString();
  }
}
