package io.snowfox.manager.jobs;

import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;

/** When an ended instance runs again, and after how long. */
public final class RestartPolicies {

  private RestartPolicies() {}

  /**
   * True when an instance that ended as {@code outcome} after {@code restarts} restarts is
   * started again. {@code always} without max_restarts restarts forever.
   */
  public static boolean restarts(RestartPolicy policy, InstanceState outcome, int restarts) {
    boolean withinLimit = !policy.hasMaxRestarts() || restarts < policy.getMaxRestarts();
    switch (policy.getMode()) {
      case RESTART_MODE_ALWAYS:
        return withinLimit;
      case RESTART_MODE_ON_FAILURE:
        return outcome != InstanceState.INSTANCE_STATE_EXITED && withinLimit;
      default:
        return false;
    }
  }

  /** Delay before restart number {@code restarts + 1}: doubling from backoff up to max_backoff. */
  public static long backoffMillis(RestartPolicy policy, int restarts) {
    long delay = Math.max(0, policy.getBackoffMillis());
    long max = Math.max(delay, policy.getMaxBackoffMillis());
    for (int i = 0; i < restarts && delay < max; i++) {
      delay *= 2;
    }
    return Math.min(delay, max);
  }
}
