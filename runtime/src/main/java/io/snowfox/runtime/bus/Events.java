package io.snowfox.runtime.bus;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Event;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one-way events ({@link io.snowfox.protocol.EventTypes}) to everyone listening on
 * {@link Addresses#EVENTS}, tagged with the correlation id of the flow that caused them, and
 * keeps them in the process's {@link RecentEvents}. Publishing never fails and never waits:
 * nobody listening is fine, and costs nothing on the wire (API servers listen only while a
 * client follows the events).
 */
public final class Events {

  private static final Logger log = LoggerFactory.getLogger(Events.class);

  private final Bus bus;
  private final RecentEvents recent;
  private final java.util.function.Function<String, String> namespaceOfJob;

  public Events(Bus bus, RecentEvents recent) {
    this(bus, recent, jobId -> "");
  }

  /**
   * Events that name the namespace of the job they are about ({@code namespaceOfJob} answers
   * "" when it does not know the job), so that each namespace sees only its own.
   */
  public Events(Bus bus, RecentEvents recent,
      java.util.function.Function<String, String> namespaceOfJob) {
    this.bus = bus;
    this.recent = recent;
    this.namespaceOfJob = namespaceOfJob;
  }

  /** Publishes an event of {@code type} about a job (or "" for none) with its data. */
  public void publish(String type, String jobId, Map<String, String> data) {
    publish(type, jobId, jobId.isEmpty() ? "" : namespaceOfJob.apply(jobId), data);
  }

  /** Publishes an event about a job of a known namespace (one already forgotten, say). */
  public void publish(String type, String jobId, String namespace, Map<String, String> data) {
    String correlationId = Correlation.id();
    Event event = Event.newBuilder()
        .setType(type)
        .setSource(bus.self())
        .setTimeMicros(Envelopes.nowMicros())
        .setCorrelationId(correlationId == null ? "" : correlationId)
        .setJobId(jobId)
        .setNodeId(bus.self().getNodeId())
        .setNamespace(namespace)
        .putAllData(data)
        .build();
    log.debug("event {} {}", type, data);
    recent.add(event);
    bus.publish(Addresses.EVENTS, event);
  }
}
