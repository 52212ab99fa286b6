package io.snowfox.manager.jobs;

import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;

/** A job's overall state and reason, derived from its instances. */
public final class Jobs {

  private Jobs() {}

  /**
   * STOPPED once a stopped job has nothing left running; COMPLETE when every instance exited 0;
   * FAILED when every instance ended and one did not succeed; PENDING while one is not running
   * yet; RUNNING otherwise.
   */
  public static JobState state(Job job) {
    boolean allEnded = true;
    boolean allSucceeded = true;
    boolean anyWaiting = false;
    for (Instance instance : job.getInstancesList()) {
      InstanceState state = instance.getState();
      allEnded &= JobNames.isTerminal(state);
      allSucceeded &= state == InstanceState.INSTANCE_STATE_EXITED;
      anyWaiting |= state == InstanceState.INSTANCE_STATE_PENDING
          || state == InstanceState.INSTANCE_STATE_STARTING;
    }
    if (allEnded) {
      if (job.getStopRequested()) {
        return JobState.JOB_STATE_STOPPED;
      }
      return allSucceeded ? JobState.JOB_STATE_COMPLETE : JobState.JOB_STATE_FAILED;
    }
    return anyWaiting ? JobState.JOB_STATE_PENDING : JobState.JOB_STATE_RUNNING;
  }

  /** Why a job failed or waits: the first instance with an error, or "". */
  public static String reason(Job job) {
    JobState state = state(job);
    if (state == JobState.JOB_STATE_RUNNING || state == JobState.JOB_STATE_COMPLETE) {
      return "";
    }
    for (Instance instance : job.getInstancesList()) {
      if (!instance.getLastError().isEmpty()
          && instance.getState() != InstanceState.INSTANCE_STATE_EXITED) {
        String restarts = instance.getRestarts() == 0 ? ""
            : " after " + instance.getRestarts() + " restart(s)";
        return "instance " + instance.getIndex() + " " + JobNames.of(instance.getState()) + ": "
            + instance.getLastError() + restarts;
      }
    }
    return "";
  }

  /** True once nothing of the job runs or will run again. */
  public static boolean isDone(Job job) {
    JobState state = state(job);
    return state == JobState.JOB_STATE_COMPLETE || state == JobState.JOB_STATE_FAILED
        || state == JobState.JOB_STATE_STOPPED;
  }

  /**
   * Whether copy {@code a} of a job supersedes copy {@code b}: written by a later leader epoch,
   * or by the same epoch at a higher version. A deposed leader's writes (an older epoch) never
   * win over its successor's, however many it made.
   */
  public static boolean newer(Job a, Job b) {
    return newer(a.getLeaderEpoch(), a.getVersion(), b);
  }

  /** Whether a job's version {@code version} written in leader epoch {@code epoch} is newer than {@code b}. */
  public static boolean newer(long epoch, long version, Job b) {
    return epoch != b.getLeaderEpoch() ? epoch > b.getLeaderEpoch() : version > b.getVersion();
  }

  /**
   * Of the jobs only a node's store holds, those whose request (correlation id and spec) a job
   * of the cluster map answers: a leader saved them and died before the map had them and
   * before it answered, and the client's retry was accepted by the next leader.
   */
  public static java.util.List<Job> unacknowledgedTwins(java.util.Collection<Job> inMap,
      java.util.Collection<Job> storeOnly) {
    java.util.Map<String, java.util.List<Job>> byRequest = new java.util.HashMap<>();
    inMap.forEach(job -> byRequest.computeIfAbsent(job.getCorrelationId(),
        id -> new java.util.ArrayList<>()).add(job));
    return storeOnly.stream().filter(job -> !job.getCorrelationId().isEmpty()
        && byRequest.getOrDefault(job.getCorrelationId(), java.util.List.of()).stream()
            .anyMatch(twin -> !twin.getId().equals(job.getId())
                && twin.getSpec().equals(job.getSpec())))
        .toList();
  }
}
