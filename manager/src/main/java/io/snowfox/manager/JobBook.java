package io.snowfox.manager;

import io.snowfox.manager.jobs.InstanceMachine.Transition;
import io.snowfox.manager.jobs.JobTable;
import io.snowfox.manager.jobs.Jobs;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.bus.Events;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.security.Namespaces;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's jobs and every change to them: each change is a new version stamped with the
 * leader's epoch, written to the cluster map and the store ({@link ClusterJobs}), and announced
 * as a {@code job.state} event when the job's state moved. A save that fails is made again at
 * the next tick.
 */
final class JobBook {

  private static final Logger log = LoggerFactory.getLogger(JobBook.class);

  private final ClusterJobs storage;
  private final Events events;
  private final JobTable jobs = new JobTable();
  private final JobMetrics metrics;
  /** The job state last published as a job.state event, per job. */
  private final Map<String, JobState> publishedStates = new ConcurrentHashMap<>();
  /** Jobs whose last save failed; the next tick saves them again. */
  private final Set<String> unsaved = ConcurrentHashMap.newKeySet();
  /** Saves under way, per job. */
  private final Map<String, Integer> saving = new ConcurrentHashMap<>();
  private volatile long epoch;

  JobBook(RoleContext context, ClusterJobs storage) {
    this.storage = storage;
    this.events = new Events(context.bus(), context.recentEvents(), jobId -> {
      Job job = jobs.get(jobId);
      return job == null ? "" : Namespaces.ofJob(job.getSpec().getNamespace());
    });
    this.metrics = new JobMetrics(context.metrics(), this::epoch, jobs);
  }

  /** The leader's counters of starts, exits and restarts. */
  JobMetrics metrics() {
    return metrics;
  }

  ClusterJobs storage() {
    return storage;
  }

  Events events() {
    return events;
  }

  JobTable table() {
    return jobs;
  }

  /** The epoch this manager leads with; 0 before it leads. */
  long epoch() {
    return epoch;
  }

  /** From now on every change carries {@code leaderEpoch}. */
  void lead(long leaderEpoch) {
    this.epoch = leaderEpoch;
  }

  /** Takes the jobs loaded at the start of a leadership. */
  void load(Collection<Job> loaded) {
    loaded.forEach(job -> {
      jobs.put(job);
      publishedStates.put(job.getId(), job.getState());
    });
  }

  /**
   * Takes back a job from elsewhere (a standby's store, when the cluster map lost it) as a new
   * version of this epoch, above any it had; not saved yet.
   */
  synchronized Job takeBack(Job job) {
    Job held = jobs.get(job.getId());
    long version = Math.max(job.getVersion(), held == null ? 0 : held.getVersion()) + 1;
    Job taken = job.toBuilder().setVersion(version).setLeaderEpoch(epoch).build();
    jobs.put(taken);
    publishedStates.put(taken.getId(), taken.getState());
    return taken;
  }

  /** The job, or null. */
  Job get(String jobId) {
    return jobs.get(jobId);
  }

  /** The job; NOT_FOUND when there is none. */
  Job find(String jobId) {
    Job job = jobs.get(jobId);
    if (job == null) {
      throw new StatusException(StatusCode.STATUS_CODE_NOT_FOUND, "no job '" + jobId + "'");
    }
    return job;
  }

  /** Holds a new job (version 1 of this epoch); not saved yet. */
  Job create(Job.Builder job) {
    Job created = job.setVersion(1).setLeaderEpoch(epoch).build();
    jobs.put(created);
    return created;
  }

  /** Forgets a job whose creation was not saved. */
  void forget(Job created) {
    unsaved.remove(created.getId());
    jobs.remove(created.getId());
    publishedStates.remove(created.getId());
  }

  /**
   * Changes a job atomically: {@code change} gets the current job and returns the next (or the
   * same object for no change). Returns the new version, or null when nothing changed.
   */
  synchronized Job mutate(String jobId, UnaryOperator<Job> change) {
    Job current = jobs.get(jobId);
    if (current == null) {
      return null;
    }
    Job next = change.apply(current);
    if (next == current) {
      return null;
    }
    Job versioned = next.toBuilder().setVersion(current.getVersion() + 1).setLeaderEpoch(epoch)
        .build();
    jobs.put(versioned);
    if (versioned.getState() != current.getState()) {
      log.info("job {} is now {}{}", jobId, versioned.getState(),
          versioned.getReason().isEmpty() ? "" : " (" + versioned.getReason() + ")");
    }
    return versioned;
  }

  /**
   * Applies {@code step} to every instance (null means unchanged) and returns the job with the
   * new instances, state and reason; the same object when nothing changed.
   */
  static Job update(Job job, Function<Instance, Transition> step) {
    Job.Builder next = job.toBuilder().clearInstances();
    boolean changed = false;
    for (Instance instance : job.getInstancesList()) {
      Transition t = step.apply(instance);
      if (t != null && t.changed()) {
        changed = true;
        next.addInstances(t.instance());
      } else {
        next.addInstances(instance);
      }
    }
    if (!changed) {
      return job;
    }
    Job candidate = next.build();
    Job.Builder done = candidate.toBuilder()
        .setState(Jobs.state(candidate))
        .setReason(Jobs.reason(candidate));
    if (Jobs.isDone(candidate) && job.getEndedAtMicros() == 0) {
      done.setEndedAtMicros(Envelopes.nowMicros());
    }
    return done.build();
  }

  /**
   * Writes a job version to the cluster map and the store, and publishes job.state when the
   * state differs from the last one published (after any instance event of the same change).
   */
  Future<Job> persist(Job job) {
    JobState previous = publishedStates.put(job.getId(), job.getState());
    if (previous != job.getState()) {
      events.publish(EventTypes.JOB_STATE, job.getId(), Map.of(
          "state", JobNames.of(job.getState()),
          "reason", job.getReason()));
    }
    saving.merge(job.getId(), 1, Integer::sum);
    return storage.save(job).map(job)
        .onComplete(done -> saving.computeIfPresent(job.getId(),
            (id, count) -> count == 1 ? null : count - 1))
        .onFailure(failure -> {
          log.error("could not persist job {}: {}; trying again", job.getId(),
              failure.getMessage());
          unsaved.add(job.getId());
        });
  }

  /** Whether every change of the job is saved: none under way, none failed. */
  boolean saved(String jobId) {
    return !saving.containsKey(jobId) && !unsaved.contains(jobId);
  }

  /** Saves again the jobs whose last save failed. */
  void saveUnsaved() {
    for (String jobId : List.copyOf(unsaved)) {
      unsaved.remove(jobId);
      Job job = jobs.get(jobId);
      if (job != null) {
        persist(job);
      }
    }
  }

  /** Removes a job from memory while it is still {@code expected}; returns whether it did. */
  boolean drop(Job expected) {
    if (!jobs.remove(expected.getId(), expected)) {
      return false;
    }
    publishedStates.remove(expected.getId());
    unsaved.remove(expected.getId());
    return true;
  }

  /** Puts back a job whose removal failed. */
  void restore(Job job) {
    jobs.putIfAbsent(job);
    publishedStates.putIfAbsent(job.getId(), job.getState());
  }

  /** Publishes how an instance's run ended: instance.exited, instance.killed or instance.lost. */
  void instanceEnded(String jobId, Instance now, InstanceState outcome, String how) {
    metrics.ended(outcome, now);
    String type = outcome == InstanceState.INSTANCE_STATE_KILLED ? EventTypes.INSTANCE_KILLED
        : outcome == InstanceState.INSTANCE_STATE_LOST ? EventTypes.INSTANCE_LOST
        : EventTypes.INSTANCE_EXITED;
    events.publish(type, jobId, Map.of(
        "instance", Integer.toString(now.getIndex()),
        "node", now.getNodeId(),
        "how", how,
        "restarting", Boolean.toString(now.getState() == InstanceState.INSTANCE_STATE_PENDING),
        "restarts", Integer.toString(now.getRestarts())));
  }
}
