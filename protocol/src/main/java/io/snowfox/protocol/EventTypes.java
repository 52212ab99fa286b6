package io.snowfox.protocol;

import java.util.List;

/** The types of one-way events, defined once. */
public final class EventTypes {

  public static final String NODE_JOINED = "node.joined";
  public static final String NODE_LEFT = "node.left";
  public static final String NODE_STATUS = "node.status";
  /** The daemon restarted one of its children. */
  public static final String PROCESS_RESTARTED = "process.restarted";
  public static final String INSTANCE_STARTED = "instance.started";
  public static final String INSTANCE_EXITED = "instance.exited";
  public static final String INSTANCE_KILLED = "instance.killed";
  public static final String INSTANCE_LOST = "instance.lost";
  public static final String JOB_STATE = "job.state";
  /** An ended job was removed after its retention: it is no longer listed or kept. */
  public static final String JOB_REMOVED = "job.removed";

  /** Every type, for validating filters. */
  public static final List<String> ALL = List.of(NODE_JOINED, NODE_LEFT, NODE_STATUS,
      PROCESS_RESTARTED, INSTANCE_STARTED, INSTANCE_EXITED, INSTANCE_KILLED, INSTANCE_LOST,
      JOB_STATE, JOB_REMOVED);

  private EventTypes() {}
}
