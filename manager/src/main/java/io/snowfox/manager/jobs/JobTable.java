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
import java.util.function.Predicate;

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
 *   <li>{@link #withState}: the jobs in one state;
 *   <li>{@link #listed}: the jobs in the order of a listing (by submission), for its pages.
 * </ul>
 *
 * <p>Reads of one job take no lock; changes and the indexes are guarded by this object.
 */
public final class JobTable {

  private static final Comparator<Ended> OLDEST_FIRST =
      Comparator.comparingLong(Ended::atMicros).thenComparing(Ended::jobId);
  private static final Comparator<Place> LISTING =
      Comparator.comparingLong(Place::submittedAtMicros).thenComparing(Place::jobId);

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final Set<String> active = new LinkedHashSet<>();
  private final NavigableSet<Ended> ended = new TreeSet<>(OLDEST_FIRST);
  private final NavigableSet<Place> listing = new TreeSet<>(LISTING);
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

  /**
   * A job's place in a listing: by submission time, then id, neither of which ever changes for
   * a job.
   */
  public record Place(long submittedAtMicros, String jobId) {

    public static Place of(Job job) {
      return new Place(job.getSubmittedAtMicros(), job.getId());
    }
  }

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

  /**
   * At most {@code count} jobs in {@code state} (any state for {@code JOB_STATE_UNSPECIFIED})
   * that {@code visible} accepts, in the listing order ({@link Place}), oldest or newest first,
   * from just after {@code after} (null: from the first). Costs the jobs it passes over, not a
   * sort of every job; the jobs of a state that holds few of them are sorted instead of passed
   * over among all the others.
   */
  public synchronized List<Job> listed(JobState state, Predicate<Job> visible, Place after,
      boolean newestFirst, int count) {
    Set<String> inState = byState.getOrDefault(state, Set.of());
    if (state != JobState.JOB_STATE_UNSPECIFIED && inState.size() * 4L < listing.size()) {
      Comparator<Place> places = newestFirst ? LISTING.reversed() : LISTING;
      return inState.stream().map(jobs::get).filter(visible)
          .filter(job -> after == null || places.compare(after, Place.of(job)) < 0)
          .sorted(Comparator.comparing(Place::of, places)).limit(count).toList();
    }
    NavigableSet<Place> order = newestFirst ? listing.descendingSet() : listing;
    List<Job> found = new ArrayList<>(Math.min(count, 1024));
    for (Place place : after == null ? order : order.tailSet(after, false)) {
      if (found.size() == count) {
        break;
      }
      Job job = jobs.get(place.jobId());
      if ((state == JobState.JOB_STATE_UNSPECIFIED || job.getState() == state)
          && visible.test(job)) {
        found.add(job);
      }
    }
    return found;
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
    listing.add(Place.of(job));
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
    listing.remove(Place.of(job));
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
