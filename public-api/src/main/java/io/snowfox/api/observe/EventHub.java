package io.snowfox.api.observe;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Event;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's end of the event bus: one subscription to {@link Addresses#EVENTS}, the last
 * {@link #RECENT} events kept, and a fan-out to every HTTP client streaming events.
 *
 * <p>A slow client never slows anything else down: each stream has a bounded write queue; an
 * event that does not fit is dropped for that client only, and a client that keeps not reading
 * is disconnected and logged. A client that goes away is removed at once.
 */
public final class EventHub {

  /** Events kept for {@code ?follow=false}. */
  public static final int RECENT = 1000;
  /** Bytes a stream may have waiting to be sent before events are dropped for it. */
  public static final int WRITE_QUEUE_BYTES = 64 * 1024;
  /** Events dropped in a row after which a stream is closed. */
  public static final int MAX_DROPPED = 500;

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  private final Vertx vertx;
  private final Deque<JsonObject> recent = new ArrayDeque<>();
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();

  public EventHub(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Subscribes to the cluster's events. */
  public Future<Void> start() {
    return vertx.eventBus().<Object>consumer(Addresses.EVENTS, message -> {
      if (message.body() instanceof Envelope envelope && Envelopes.carries(envelope,
          Event.class)) {
        dispatch(view(Envelopes.unpack(envelope, Event.class)));
      } else {
        log.warn("ignored a message on {} that is not an event", Addresses.EVENTS);
      }
    }).completion();
  }

  /** The recent events that pass {@code filter}, oldest first. */
  public synchronized List<JsonObject> recent(Predicate<JsonObject> filter) {
    return recent.stream().filter(filter).toList();
  }

  /** How many clients are streaming. */
  public int streams() {
    return streams.size();
  }

  /** Streams every future event passing {@code filter} to {@code response} as lines. */
  public void stream(HttpServerResponse response, Predicate<JsonObject> filter, boolean sse,
      String client) {
    Stream stream = new Stream(Vertx.currentContext(), response, filter, sse, client);
    response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
    response.closeHandler(v -> close(stream, "the client went away"));
    streams.add(stream);
    log.info("event stream opened for {}; {} open", client, streams.size());
  }

  private void close(Stream stream, String why) {
    if (streams.remove(stream)) {
      log.info("event stream of {} closed ({}); {} open", stream.client, why, streams.size());
    }
  }

  private void dispatch(JsonObject event) {
    synchronized (this) {
      if (recent.size() == RECENT) {
        recent.removeFirst();
      }
      recent.addLast(event);
    }
    for (Stream stream : streams) {
      if (stream.filter.test(event)) {
        stream.context.runOnContext(v -> stream.offer(event));
      }
    }
  }

  /** One client's stream. Touched only on its own context. */
  private final class Stream {
    final Context context;
    final HttpServerResponse response;
    final Predicate<JsonObject> filter;
    final boolean sse;
    final String client;
    int dropped;

    Stream(Context context, HttpServerResponse response, Predicate<JsonObject> filter,
        boolean sse, String client) {
      this.context = context;
      this.response = response;
      this.filter = filter;
      this.sse = sse;
      this.client = client;
    }

    void offer(JsonObject event) {
      if (!streams.contains(this)) {
        return;
      }
      if (response.writeQueueFull()) {
        dropped++;
        if (dropped == 1) {
          log.warn("event stream of {} is not keeping up; dropping events for it", client);
        }
        if (dropped >= MAX_DROPPED) {
          close(this, "dropped " + dropped + " events in a row");
          response.reset();
        }
        return;
      }
      dropped = 0;
      String text = sse
          ? "event: " + event.getString("type") + "\ndata: " + event.encode() + "\n\n"
          : event.encode() + "\n";
      response.write(text);
    }
  }

  /** The API's JSON shape of an event. */
  static JsonObject view(Event event) {
    JsonObject data = new JsonObject();
    new java.util.TreeMap<>(event.getDataMap()).forEach(data::put);
    return new JsonObject()
        .put("type", event.getType())
        .put("time", Micros.iso(event.getTimeMicros()))
        .put("source", new JsonObject().put("node", event.getSource().getNodeId())
            .put("role", Roles.nameOrEmpty(event.getSource().getRole())))
        .put("correlation_id", event.getCorrelationId())
        .put("job_id", event.getJobId())
        .put("node_id", event.getNodeId())
        .put("namespace", event.getNamespace())
        .put("data", data);
  }
}
