package io.snowfox.protocol;

import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.protocol.v1.RestartMode;
import java.util.Locale;

/**
 * Job states and restart modes as users read and write them ({@code running},
 * {@code on-failure}), and which instance states are final. Shared by the manager, the API and
 * the events, so every place names them the same way.
 */
public final class JobNames {

  private JobNames() {}

  /** {@code JOB_STATE_RUNNING} becomes {@code running}. */
  public static String of(JobState state) {
    return state.name().replaceFirst("^JOB_STATE_", "").toLowerCase(Locale.ROOT);
  }

  /** {@code INSTANCE_STATE_EXITED} becomes {@code exited}. */
  public static String of(InstanceState state) {
    return state.name().replaceFirst("^INSTANCE_STATE_", "").toLowerCase(Locale.ROOT);
  }

  /** The restart mode as written in a job spec: never, on-failure or always. */
  public static String of(RestartMode mode) {
    switch (mode) {
      case RESTART_MODE_ALWAYS:
        return "always";
      case RESTART_MODE_ON_FAILURE:
        return "on-failure";
      default:
        return "never";
    }
  }

  /** True once nothing will run for an instance in this state any more. */
  public static boolean isTerminal(InstanceState state) {
    switch (state) {
      case INSTANCE_STATE_EXITED:
      case INSTANCE_STATE_FAILED:
      case INSTANCE_STATE_KILLED:
      case INSTANCE_STATE_LOST:
        return true;
      default:
        return false;
    }
  }
}
