package io.snowfox.api.jobs;

import io.snowfox.protocol.Micros;
import io.snowfox.protocol.JobNames;
import io.snowfox.runtime.security.Namespaces;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.runtime.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;

/**
 * The API's JSON shape of jobs: the spec as the user wrote it (with defaults filled in), the
 * job's state and each instance's. Independent of the wire form; states are lower case.
 */
public final class JobViews {

  private JobViews() {}

  public static JsonObject job(Job job) {
    JsonArray instances = new JsonArray();
    job.getInstancesList().forEach(i -> instances.add(instance(i)));
    return new JsonObject()
        .put("id", job.getId())
        .put("name", job.getSpec().getName())
        .put("namespace", Namespaces.ofJob(job.getSpec().getNamespace()))
        .put("state", JobNames.of(job.getState()))
        .put("reason", job.getReason())
        .put("submitted_at", time(job.getSubmittedAtMicros()))
        .put("ended_at", time(job.getEndedAtMicros()))
        .put("submitted_with_correlation_id", job.getCorrelationId())
        .put("spec", spec(job.getSpec()))
        .put("instances", instances);
  }

  static JsonObject instance(Instance instance) {
    JsonObject view = new JsonObject()
        .put("index", instance.getIndex())
        .put("state", JobNames.of(instance.getState()))
        .put("node", instance.getNodeId())
        .put("pid", instance.getPid())
        .put("run_id", instance.getRunId())
        .put("restarts", instance.getRestarts())
        .put("started_at", time(instance.getStartedAtMicros()))
        .put("ended_at", time(instance.getEndedAtMicros()))
        .put("last_error", instance.getLastError());
    if (instance.getEndedAtMicros() != 0) {
      view.put("exit_code", instance.getSignal() > 0 ? null : instance.getExitCode());
      view.put("signal", instance.getSignal() > 0 ? instance.getSignal() : null);
    }
    return view;
  }

  static JsonObject spec(JobSpec spec) {
    JsonObject restart = new JsonObject()
        .put("policy", JobNames.of(spec.getRestart().getMode()))
        .put("backoff", duration(spec.getRestart().getBackoffMillis()))
        .put("max_backoff", duration(spec.getRestart().getMaxBackoffMillis()));
    if (spec.getRestart().hasMaxRestarts()) {
      restart.put("max_restarts", spec.getRestart().getMaxRestarts());
    }
    JsonObject view = new JsonObject()
        .put("name", spec.getName())
        .put("command", spec.getCommand())
        .put("args", new JsonArray(spec.getArgsList()))
        .put("env", new JsonObject(new java.util.TreeMap<>(spec.getEnvMap())))
        .put("workdir", spec.getWorkdir())
        .put("instances", spec.getInstances())
        .put("restart", restart)
        .put("kill_timeout", duration(spec.getKillTimeoutMillis()))
        .put("resources", new JsonObject()
            .put("cpu", spec.getResources().getCpu())
            .put("memory_mb", spec.getResources().getMemoryMb()))
        .put("constraints", new JsonObject().put("labels",
            new JsonObject(new java.util.TreeMap<>(spec.getConstraints().getLabelsMap()))));
    if (!spec.getUser().isEmpty()) {
      view.put("user", spec.getUser());
    }
    if (!spec.getGroup().isEmpty()) {
      view.put("group", spec.getGroup());
    }
    return view;
  }

  /** True once an instance has ended for good (no restart will follow). */
  static boolean isInstanceDone(Job job, int index) {
    return JobNames.isTerminal(job.getInstances(index).getState());
  }

  /** {@code running} becomes {@code JOB_STATE_RUNNING}. */
  public static JobState parseState(String name) {
    try {
      JobState state = JobState.valueOf("JOB_STATE_" + name.toUpperCase(Locale.ROOT));
      if (state != JobState.JOB_STATE_UNSPECIFIED) {
        return state;
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw new IllegalArgumentException("state: must be pending, running, complete, failed or "
        + "stopped");
  }

  private static String duration(long millis) {
    return Durations.format(Duration.ofMillis(millis));
  }

  private static String time(long micros) {
    return micros == 0 ? null
        : Micros.iso(micros);
  }
}
