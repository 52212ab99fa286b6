package io.snowfox.manager.jobs;

import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs a manager holds, indexed so that what runs every second costs in proportion to the
 * jobs still active, not to every job kept: ended jobs stay for their retention (24 h by
 * default), and a busy node ends many more jobs a day than it runs at once.
 *
 * <ul>
 *   <li>{@link #active()}: the jobs not done, for the ticks (scheduling, reconciliation);
 *   <li>{@link #endedBy}: the ended jobs by end time, oldest first, for retention;
 *   <li>{@link #load()}: per node, the instances placed there and not ended (starting, running,
 *       stopping), kept up to date on every change, for placement;
 *   <li>{@link #withState}: the jobs in one state, for a filtered list.
 * </ul>
 *
 * <p>Reads of one job take no lock; changes and the indexes are guarded by this object.
 */
public final class JobTable {

  private static final Comparator<Ended> OLDEST_FIRST =
      Comparator.comparingLong(Ended::atMicros).thenComparing(Ended::jobId);

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Set<String> active = new LinkedHashSet<>();
  private final NavigableSet<Ended> ended = new TreeSet<>(OLDEST_FIRST);
  private final Map<JobState, Set<String>> byState = new EnumMap<>(JobState.class);
  private final Map<String, NodeLoad> load = new HashMap<>();

  /**
   * What the instances placed on a node and not ended reserve there.
   *
   * @param instances how many they are
   * @param cpu the cores they reserve ({@code resources.cpu} each)
   * @param memoryMb the memory they reserve, in MiB
   */
  public record NodeLoad(int instances, double cpu, long memoryMb) {

    public static final NodeLoad NONE = new NodeLoad(0, 0, 0);

    NodeLoad plus(NodeLoad other) {
      return new NodeLoad(instances + other.instances, cpu + other.cpu,
          memoryMb + other.memoryMb);
    }

    NodeLoad minus(NodeLoad other) {
      return new NodeLoad(instances - other.instances, cpu - other.cpu,
          memoryMb - other.memoryMb);
    }
  }

  /** An ended job's place in the retention order. */
  private record Ended(long atMicros, String jobId) {}

  /** The job, or null. */
  public Job get(String jobId) {
    return jobs.get(jobId);
  }

  /** Adds or replaces the job. */
  public synchronized void put(Job job) {
    Job before = jobs.put(job.getId(), job);
    unindex(before);
    index(job);
  }

  /** Adds the job unless one of its id is held; returns the one held, or null. */
  public synchronized Job putIfAbsent(Job job) {
    Job held = jobs.get(job.getId());
    if (held == null) {
      put(job);
    }
    return held;
  }

  /** Removes the job; returns it, or null. */
  public synchronized Job remove(String jobId) {
    Job removed = jobs.remove(jobId);
    unindex(removed);
    return removed;
  }

  /** Removes the job only while it is still {@code expected}; returns whether it did. */
  public synchronized boolean remove(String jobId, Job expected) {
    if (!jobs.remove(jobId, expected)) {
      return false;
    }
    unindex(expected);
    return true;
  }

  /** The jobs not done yet (some instance runs or will run), in the order they came. */
  public synchronized List<Job> active() {
    return lookUp(active);
  }

  /** The jobs whose state is {@code state}; every job for {@code JOB_STATE_UNSPECIFIED}. */
  public synchronized List<Job> withState(JobState state) {
    if (state == JobState.JOB_STATE_UNSPECIFIED) {
      return new ArrayList<>(jobs.values());
    }
    return lookUp(byState.getOrDefault(state, Set.of()));
  }

  /** At most {@code limit} ended jobs that ended at or before {@code micros}, oldest first. */
  public synchronized List<Job> endedBy(long micros, int limit) {
    List<Job> due = new ArrayList<>();
    for (Ended entry : ended) {
      if (entry.atMicros() > micros || due.size() == limit) {
        break;
      }
      due.add(jobs.get(entry.jobId()));
    }
    return due;
  }

  /** Per node, what the instances placed there and not ended reserve. */
  public synchronized Map<String, NodeLoad> load() {
    return Map.copyOf(load);
  }

  public int size() {
    return jobs.size();
  }

  private List<Job> lookUp(Set<String> ids) {
    List<Job> found = new ArrayList<>(ids.size());
    ids.forEach(id -> found.add(jobs.get(id)));
    return found;
  }

  private void index(Job job) {
    byState.computeIfAbsent(job.getState(), state -> new LinkedHashSet<>()).add(job.getId());
    if (!Jobs.isDone(job)) {
      active.add(job.getId());
      NodeLoad each = reservation(job);
      placed(job).forEach(node -> load.merge(node, each, NodeLoad::plus));
    } else if (job.getEndedAtMicros() > 0) {
      ended.add(new Ended(job.getEndedAtMicros(), job.getId()));
    }
  }

  private void unindex(Job job) {
    if (job == null) {
      return;
    }
    Set<String> sameState = byState.get(job.getState());
    if (sameState != null) {
      sameState.remove(job.getId());
    }
    if (active.remove(job.getId())) {
      NodeLoad each = reservation(job);
      placed(job).forEach(node -> load.computeIfPresent(node, (n, before) ->
          before.instances() == 1 ? null : before.minus(each)));
    }
    ended.remove(new Ended(job.getEndedAtMicros(), job.getId()));
  }

  private static NodeLoad reservation(Job job) {
    return new NodeLoad(1, job.getSpec().getResources().getCpu(),
        job.getSpec().getResources().getMemoryMb());
  }

  /** The node of every instance placed and not ended, once per instance. */
  public static List<String> placed(Job job) {
    List<String> nodes = new ArrayList<>();
    for (Instance instance : job.getInstancesList()) {
      if (!instance.getNodeId().isEmpty() && !JobNames.isTerminal(instance.getState())
          && instance.getState() != InstanceState.INSTANCE_STATE_PENDING) {
        nodes.add(instance.getNodeId());
      }
    }
    return nodes;
  }
}
