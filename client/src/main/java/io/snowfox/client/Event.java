package io.snowfox.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One event of the cluster ({@code GET /v1/events}).
 *
 * @param type one of {@link #TYPES}; a newer API may add types
 * @param time when it happened
 * @param source the process that told it
 * @param correlationId the request that caused it; empty when none
 * @param jobId the job it is about; empty for node and process events
 * @param nodeId the node it is about
 * @param namespace the job's namespace; empty for node and process events
 * @param data the rest, by name, in the API's order
 */
public record Event(String type, Instant time, Source source, String correlationId,
    String jobId, String nodeId, String namespace, Map<String, String> data) {

  // The API's names, written again here so that the client needs no server module; a test of
  // public-api (EventViewsTest) checks that they are protocol's EventTypes, all of them.
  public static final String NODE_JOINED = "node.joined";
  public static final String NODE_LEFT = "node.left";
  public static final String NODE_STATUS = "node.status";
  public static final String PROCESS_RESTARTED = "process.restarted";
  public static final String INSTANCE_STARTED = "instance.started";
  public static final String INSTANCE_EXITED = "instance.exited";
  public static final String INSTANCE_KILLED = "instance.killed";
  public static final String INSTANCE_LOST = "instance.lost";
  public static final String JOB_STATE = "job.state";
  public static final String JOB_REMOVED = "job.removed";
  /** Every type this client knows of. */
  public static final List<String> TYPES = List.of(NODE_JOINED, NODE_LEFT, NODE_STATUS,
      PROCESS_RESTARTED, INSTANCE_STARTED, INSTANCE_EXITED, INSTANCE_KILLED, INSTANCE_LOST,
      JOB_STATE, JOB_REMOVED);

  public Event {
    source = source == null ? Source.NONE : source;
    data = Json.map(data);
  }

  /**
   * The process that told of an event.
   *
   * @param node its node
   * @param role daemon, spawner, manager or api
   */
  public record Source(String node, String role) {
    static final Source NONE = new Source("", "");
  }
}
