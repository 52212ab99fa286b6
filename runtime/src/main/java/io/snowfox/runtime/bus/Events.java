package io.snowfox.runtime.bus;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Event;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one-way events ({@link io.snowfox.protocol.EventTypes}) to everyone listening on
 * {@link Addresses#EVENTS}, tagged with the correlation id of the flow that caused them.
 * Publishing never fails and never waits: nobody listening is fine.
 */
public final class Events {

  private static final Logger log = LoggerFactory.getLogger(Events.class);

  private final Bus bus;

  public Events(Bus bus) {
    this.bus = bus;
  }

  /** Publishes an event of {@code type} about a job (or "" for none) with its data. */
  public void publish(String type, String jobId, Map<String, String> data) {
    String correlationId = Correlation.id();
    Event event = Event.newBuilder()
        .setType(type)
        .setSource(bus.self())
        .setTimeMicros(Envelopes.nowMicros())
        .setCorrelationId(correlationId == null ? "" : correlationId)
        .setJobId(jobId)
        .setNodeId(bus.self().getNodeId())
        .putAllData(data)
        .build();
    log.debug("event {} {}", type, data);
    bus.publish(Addresses.EVENTS, event);
  }
}
