package io.snowfox.manager.jobs;

import io.snowfox.protocol.JobIds;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import io.snowfox.runtime.identity.JobUsers;
import io.snowfox.runtime.security.Namespaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Job spec rules: what is required, what each field accepts and the defaults of the rest.
 * Errors name the field as users write it in JSON or YAML ({@code restart.max_restarts}).
 */
public final class JobSpecs {

  public static final int DEFAULT_INSTANCES = 1;
  public static final int MAX_INSTANCES = 1000;
  public static final long DEFAULT_BACKOFF_MILLIS = 1_000;
  public static final long DEFAULT_MAX_BACKOFF_MILLIS = 60_000;
  public static final long DEFAULT_KILL_TIMEOUT_MILLIS = 10_000;
  public static final long MAX_KILL_TIMEOUT_MILLIS = 3_600_000;
  /** Restarts an on-failure instance gets when the spec does not say. */
  public static final int DEFAULT_ON_FAILURE_RESTARTS = 3;
  public static final int MAX_RESTARTS_LIMIT = 10_000;

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  /** Who a run is: the spawner sets these for every run, after the spec's env. */
  private static final java.util.Set<String> RUN_IDENTITY_ENV =
      java.util.Set.of("SNOWFOX_JOB_ID", "SNOWFOX_INSTANCE", "SNOWFOX_RUN_ID");

  private JobSpecs() {}

  /** Every rule {@code spec} breaks, as "field: what is wrong"; empty when it is valid. */
  public static List<String> problems(JobSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.getName().isEmpty()) {
      problems.add("name: required");
    } else if (!JobIds.isName(spec.getName())) {
      // Job ids are made of names: a valid name gives an id that is one path segment.
      problems.add("name: " + JobIds.NAME_RULE);
    }
    if (spec.getCommand().isBlank()) {
      problems.add("command: required");
    }
    if (spec.getInstances() < 0 || spec.getInstances() > MAX_INSTANCES) {
      problems.add("instances: must be 1-" + MAX_INSTANCES);
    }
    if (!spec.getWorkdir().isEmpty() && !spec.getWorkdir().startsWith("/")) {
      problems.add("workdir: must be an absolute path");
    }
    for (Map.Entry<String, String> var : spec.getEnvMap().entrySet()) {
      if (!ENV_NAME.matcher(var.getKey()).matches()) {
        problems.add("env." + var.getKey() + ": not a valid variable name");
      } else if (RUN_IDENTITY_ENV.contains(var.getKey())) {
        problems.add("env." + var.getKey() + ": set by SnowFox for each run, not by the spec");
      }
    }
    RestartPolicy restart = spec.getRestart();
    if (restart.getMode() == RestartMode.UNRECOGNIZED) {
      problems.add("restart.policy: must be never, on-failure or always");
    }
    if (restart.hasMaxRestarts()
        && (restart.getMaxRestarts() < 0 || restart.getMaxRestarts() > MAX_RESTARTS_LIMIT)) {
      problems.add("restart.max_restarts: must be 0-" + MAX_RESTARTS_LIMIT);
    }
    if (restart.getBackoffMillis() < 0) {
      problems.add("restart.backoff: must not be negative");
    }
    if (restart.getMaxBackoffMillis() < 0
        || (restart.getMaxBackoffMillis() > 0
            && restart.getMaxBackoffMillis() < restart.getBackoffMillis())) {
      problems.add("restart.max_backoff: must be at least restart.backoff");
    }
    if (spec.getKillTimeoutMillis() < 0 || spec.getKillTimeoutMillis() > MAX_KILL_TIMEOUT_MILLIS) {
      problems.add("kill_timeout: must be between 0s and 1h");
    }
    if (spec.getResources().getCpu() < 0 || Double.isNaN(spec.getResources().getCpu())) {
      problems.add("resources.cpu: must not be negative");
    }
    if (spec.getResources().getMemoryMb() < 0) {
      problems.add("resources.memory_mb: must not be negative");
    }
    if (!spec.getUser().isEmpty() && !JobUsers.isAccountName(spec.getUser())) {
      problems.add("user: not a valid user name");
    }
    if (!spec.getGroup().isEmpty() && !JobUsers.isAccountName(spec.getGroup())) {
      problems.add("group: not a valid group name");
    }
    if (!spec.getNamespace().isEmpty() && !Namespaces.isValid(spec.getNamespace())) {
      problems.add("namespace: use 1-63 lower-case letters, digits or '-', starting with a"
          + " letter or digit");
    }
    return problems;
  }

  /** The spec with every default filled in; call on a valid spec. */
  public static JobSpec withDefaults(JobSpec spec) {
    JobSpec.Builder builder = spec.toBuilder();
    if (spec.getInstances() == 0) {
      builder.setInstances(DEFAULT_INSTANCES);
    }
    RestartPolicy.Builder restart = spec.getRestart().toBuilder();
    if (restart.getMode() == RestartMode.RESTART_MODE_UNSPECIFIED) {
      restart.setMode(RestartMode.RESTART_MODE_NEVER);
    }
    if (restart.getBackoffMillis() == 0) {
      // A max_backoff below the default first delay caps it too: never wait longer than asked.
      restart.setBackoffMillis(restart.getMaxBackoffMillis() > 0
          ? Math.min(DEFAULT_BACKOFF_MILLIS, restart.getMaxBackoffMillis())
          : DEFAULT_BACKOFF_MILLIS);
    }
    if (restart.getMaxBackoffMillis() == 0) {
      restart.setMaxBackoffMillis(Math.max(DEFAULT_MAX_BACKOFF_MILLIS, restart.getBackoffMillis()));
    }
    if (!restart.hasMaxRestarts() && restart.getMode() == RestartMode.RESTART_MODE_ON_FAILURE) {
      restart.setMaxRestarts(DEFAULT_ON_FAILURE_RESTARTS);
    }
    builder.setRestart(restart);
    if (spec.getKillTimeoutMillis() == 0) {
      builder.setKillTimeoutMillis(DEFAULT_KILL_TIMEOUT_MILLIS);
    }
    builder.setNamespace(Namespaces.ofJob(spec.getNamespace()));
    return builder.build();
  }
}
