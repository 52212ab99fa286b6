package io.snowfox.manager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.snowfox.manager.jobs.JobTable;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.runtime.metrics.ProcessMetrics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The manager's series: what its jobs and instances do while it leads. Counters and the start
 * latency are updated when an instance starts or ends (one update each); jobs and instances by
 * state are counted from the job table just before a scrape, and only by the leading manager, so
 * that summing over the cluster counts each job once.
 */
final class JobMetrics {

  /** Instances the spawners started for this manager. */
  static final String STARTS = "snowfox.instance.starts";
  /** Runs that ended, by how: exited, failed, killed or lost. */
  static final String EXITS = "snowfox.instance.exits";
  /** Runs that ended and were placed again by the restart policy (or a lost node). */
  static final String RESTARTS = "snowfox.instance.restarts";
  /** From a job's submission to its instance's first run, as the leader learns of it. */
  static final String START_LATENCY = "snowfox.instance.start.latency";
  /** The leader's jobs by state. */
  static final String JOBS = "snowfox.jobs";
  /** The instances of the leader's jobs by state (ended jobs kept for retention included). */
  static final String INSTANCES = "snowfox.instances";
  /** 1 while this manager leads, 0 while it stands by. */
  static final String LEADING = "snowfox.manager.leading";

  /** Start latency buckets: a warm node starts a process in milliseconds; a busy one in more. */
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60)};

  private final MeterRegistry registry;
  private final Counter starts;
  private final Counter restarts;
  private final Map<InstanceState, Counter> exits = new EnumMap<>(InstanceState.class);
  private final Timer startLatency;
  private final Map<JobState, long[]> jobCounts = new EnumMap<>(JobState.class);
  private final Map<InstanceState, long[]> instanceCounts = new EnumMap<>(InstanceState.class);
  private volatile boolean counting;

  JobMetrics(ProcessMetrics metrics, LongSupplier epoch, JobTable table) {
    this.registry = metrics.registry();
    starts = Counter.builder(STARTS)
        .description("Instance runs started on a spawner for this manager while it led")
        .register(registry);
    restarts = Counter.builder(RESTARTS)
        .description("Instance runs that ended and were placed again (restart policy, lost node)")
        .register(registry);
    for (InstanceState outcome : new InstanceState[] {InstanceState.INSTANCE_STATE_EXITED,
        InstanceState.INSTANCE_STATE_FAILED, InstanceState.INSTANCE_STATE_KILLED,
        InstanceState.INSTANCE_STATE_LOST}) {
      exits.put(outcome, Counter.builder(EXITS)
          .description("Instance runs that ended, by how: exited (code 0), failed (another "
              + "code, or could not start), killed (a signal or a stop), lost (with their node)")
          .tag("how", JobNames.of(outcome))
          .register(registry));
    }
    startLatency = Timer.builder(START_LATENCY)
        .description("From a job's submission to the first run of its instance, as the "
            + "leading manager learns that it runs")
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .register(registry);
    Gauge.builder(LEADING, () -> epoch.getAsLong() > 0 ? 1 : 0)
        .description("1 while this manager leads the cluster's scheduling, 0 while it stands by")
        .register(registry);
    metrics.beforeScrape(() -> count(epoch.getAsLong() > 0, table));
  }

  /** An instance's run started (it runs now). */
  void started(Job job, Instance instance) {
    starts.increment();
    if (instance.getRestarts() == 0 && job.getSubmittedAtMicros() > 0) {
      long micros = Envelopes.nowMicros() - job.getSubmittedAtMicros();
      startLatency.record(Math.max(0, micros), TimeUnit.MICROSECONDS);
    }
  }

  /** An instance's run ended with {@code outcome}; {@code now} is the instance after it. */
  void ended(InstanceState outcome, Instance now) {
    Counter exit = exits.get(outcome);
    if (exit != null) {
      exit.increment();
    }
    if (now.getState() == InstanceState.INSTANCE_STATE_PENDING) {
      restarts.increment();
    }
  }

  /**
   * Counts jobs and instances by state; the gauges are made at the first count while leading
   * (a manager that stops leading exits, so they never need removing).
   */
  private void count(boolean leading, JobTable table) {
    if (!leading) {
      return;
    }
    Map<JobState, Long> jobs = new EnumMap<>(JobState.class);
    Map<InstanceState, Long> instances = new EnumMap<>(InstanceState.class);
    for (Job job : table.withState(JobState.JOB_STATE_UNSPECIFIED)) {
      jobs.merge(job.getState(), 1L, Long::sum);
      for (Instance instance : job.getInstancesList()) {
        instances.merge(instance.getState(), 1L, Long::sum);
      }
    }
    synchronized (this) {
      if (!counting) {
        register();
        counting = true;
      }
      jobCounts.forEach((state, held) -> held[0] = jobs.getOrDefault(state, 0L));
      instanceCounts.forEach((state, held) -> held[0] = instances.getOrDefault(state, 0L));
    }
  }

  private void register() {
    gauges(JOBS, "The leader's jobs by state (ended ones until their retention is over)",
        JobState.values(), JobNames::of, jobCounts);
    gauges(INSTANCES, "The instances of the leader's jobs by state", InstanceState.values(),
        JobNames::of, instanceCounts);
  }

  /** One gauge per concrete state (not the zero value, not UNRECOGNIZED), held in {@code into}. */
  private <E extends Enum<E>> void gauges(String name,
      String description, E[] states, Function<E, String> label, Map<E, long[]> into) {
    for (E state : states) {
      if (state.ordinal() == 0 || state.name().equals("UNRECOGNIZED")) {
        continue;
      }
      long[] held = new long[1];
      into.put(state, held);
      Gauge.builder(name, held, h -> h[0])
          .description(description)
          .tag("state", label.apply(state))
          .register(registry);
    }
  }
}
