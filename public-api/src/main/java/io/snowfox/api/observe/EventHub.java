package io.snowfox.api.observe;

import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Event;
import io.snowfox.protocol.v1.RecentEventsRequest;
import io.snowfox.protocol.v1.RecentEventsResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.RecentEvents;
import io.snowfox.runtime.role.RoleContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's end of the cluster's events: the live streams of its HTTP clients, and the recent
 * events gathered from the processes that published them.
 *
 * <p><b>Listening only while someone follows.</b> Every event published on {@link
 * Addresses#EVENTS} crosses the wire once to each process listening there. An API server that
 * listened all the time made every event cost one message per node (five events a job, so 25
 * messages a job on 5 nodes, about half the cluster's CPU per job in the scale benchmark). So the
 * API subscribes when its first client opens a stream, and unsubscribes {@link #LINGER} after the
 * last one closed. A stream's first bytes (and its headers) are sent only once the subscription
 * is in the cluster and {@link #SETTLE} has passed, long enough for every member to learn of it
 * (vertx-hazelcast refreshes a member's view of an address's subscribers at most 20 ms after the
 * change): a client that acts once its stream is open sees the events its action causes.
 *
 * <p><b>Recent events</b> ({@code follow=false}) are kept by the processes that publish them
 * (daemons and managers, the last {@link RecentEvents#KEPT} each) and gathered at each request
 * ({@code RecentEventsRequest}, {@link #PROCESS_DEADLINE}); the answer names the processes that
 * did not answer in time. A process that restarts starts with none.
 *
 * <p>A slow client never slows anything else down: each stream has a bounded write queue; an
 * event that does not fit is dropped for that client only, and a client that keeps not reading
 * is disconnected and logged. A client that goes away is removed at once.
 */
public final class EventHub {

  /** Events answered for {@code ?follow=false}: the newest of every publisher's. */
  public static final int RECENT = 1000;
  /** Bytes a stream may have waiting to be sent before events are dropped for it. */
  public static final int WRITE_QUEUE_BYTES = 64 * 1024;
  /** Events dropped in a row after which a stream is closed. */
  public static final int MAX_DROPPED = 500;
  /** How long the API keeps listening after its last stream closed (a client reconnecting). */
  public static final Duration LINGER = Duration.ofSeconds(30);
  /** How long a new subscription waits, once in the cluster, before its stream opens. */
  public static final Duration SETTLE = Duration.ofMillis(150);
  /** How long a process has to answer for its recent events. */
  public static final Duration PROCESS_DEADLINE = Duration.ofSeconds(2);
  /** The roles that publish events. */
  static final Set<Role> PUBLISHERS = Set.of(Role.ROLE_DAEMON, Role.ROLE_MANAGER);

  private static final Logger log = LoggerFactory.getLogger(EventHub.class);

  private final RoleContext context;
  private final Vertx vertx;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  /** The subscription while there is one; guarded by {@code this}. */
  private MessageConsumer<Object> consumer;
  /** Completes once the subscription may carry a stream; guarded by {@code this}. */
  private Future<Void> listening;
  /** The timer that ends the subscription once idle, or -1; guarded by {@code this}. */
  private long lingering = -1;

  public EventHub(RoleContext context) {
    this.context = context;
    this.vertx = context.vertx();
  }

  /**
   * The recent events that {@code request} (types, job) and {@code filter} (what the caller may
   * see) let through, the newest {@link #RECENT} of all publishers, oldest first.
   */
  public Future<Recent> recent(RecentEventsRequest request, Predicate<JsonObject> filter) {
    List<ClusterProcess> asked = List.copyOf(ClusterProcess.members(context, PUBLISHERS));
    List<Future<RecentEventsResponse>> answers = asked.stream()
        .map(process -> context.bus().ask(process.endpoint(), request,
            RecentEventsResponse.class, PROCESS_DEADLINE)
            .onFailure(failure -> log.debug("no recent events from {}: {}", process,
                failure.getMessage())))
        .toList();
    return Future.join(answers).otherwiseEmpty().map(done -> {
      List<Event> events = new ArrayList<>();
      List<String> unanswered = new ArrayList<>();
      for (int i = 0; i < asked.size(); i++) {
        if (answers.get(i).succeeded()) {
          events.addAll(answers.get(i).result().getEventsList());
        } else {
          unanswered.add(asked.get(i).toString());
        }
      }
      events.sort(Comparator.comparingLong(Event::getTimeMicros));
      List<JsonObject> visible = events.stream().map(EventHub::view).filter(filter).toList();
      return new Recent(visible.subList(Math.max(0, visible.size() - RECENT), visible.size()),
          unanswered);
    });
  }

  /** Recent events, and the processes ({@code manager@n2}) that did not say theirs. */
  public record Recent(List<JsonObject> events, List<String> unanswered) {}

  /** How many clients are streaming. */
  public int streams() {
    return streams.size();
  }

  /**
   * Streams every future event passing {@code filter} to {@code response} as lines, once the
   * API listens: then it writes {@code preamble} (which sends the headers) and the stream is
   * open. Fails (503) when the API cannot subscribe.
   */
  public Future<Void> stream(HttpServerResponse response, Predicate<JsonObject> filter,
      boolean sse, String client, String preamble) {
    Context own = Vertx.currentContext();
    Promise<Void> opened = Promise.promise();
    // The response is written on the request's own context, whichever one subscribed.
    listen().onComplete(subscribed -> own.runOnContext(v -> {
      if (subscribed.failed()) {
        idle();
        opened.fail(new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
            "cannot follow the cluster's events now: " + subscribed.cause().getMessage()));
        return;
      }
      if (!response.closed()) {
        Stream stream = new Stream(own, response, filter, sse, client);
        response.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        response.closeHandler(closed -> close(stream, "the client went away"));
        streams.add(stream);
        response.write(preamble);
        log.info("event stream opened for {}; {} open", client, streams.size());
      } else {
        idle();
      }
      opened.complete();
    }));
    return opened.future();
  }

  /** Subscribes unless the API listens already; what it returns completes once it may stream. */
  private synchronized Future<Void> listen() {
    if (lingering >= 0) {
      vertx.cancelTimer(lingering);
      lingering = -1;
    }
    if (listening == null) {
      MessageConsumer<Object> subscription = vertx.eventBus().consumer(Addresses.EVENTS,
          this::onEvent);
      consumer = subscription;
      listening = subscription.completion().compose(v -> {
        Promise<Void> settled = Promise.promise();
        vertx.setTimer(SETTLE.toMillis(), id -> settled.complete());
        return settled.future();
      });
      listening.onSuccess(v -> log.info("listening to the cluster's events: a client follows "
              + "them"))
          .onFailure(failure -> unsubscribe(subscription, "subscribing failed: "
              + failure.getMessage()));
    }
    return listening;
  }

  /** Once no stream is open, ends the subscription after {@link #LINGER}. */
  private synchronized void idle() {
    if (streams.isEmpty() && consumer != null && lingering < 0) {
      MessageConsumer<Object> subscription = consumer;
      lingering = vertx.setTimer(LINGER.toMillis(), id -> {
        synchronized (this) {
          lingering = -1;
          if (streams.isEmpty()) {
            unsubscribe(subscription, "no client has followed them for " + LINGER.toSeconds()
                + " s");
          }
        }
      });
    }
  }

  private synchronized void unsubscribe(MessageConsumer<Object> subscription, String why) {
    if (consumer == subscription) {
      consumer = null;
      listening = null;
      subscription.unregister();
      log.info("no longer listening to the cluster's events: {}", why);
    }
  }

  private void onEvent(Message<Object> message) {
    if (message.body() instanceof Envelope envelope && Envelopes.carries(envelope,
        Event.class)) {
      dispatch(view(Envelopes.unpack(envelope, Event.class)));
    } else {
      log.warn("ignored a message on {} that is not an event", Addresses.EVENTS);
    }
  }

  private void close(Stream stream, String why) {
    if (streams.remove(stream)) {
      log.info("event stream of {} closed ({}); {} open", stream.client, why, streams.size());
      idle();
    }
  }

  private void dispatch(JsonObject event) {
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
