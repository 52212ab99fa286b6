package io.snowfox.manager;

import io.snowfox.manager.jobs.Jobs;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.EventTypes;
import io.snowfox.protocol.JobNames;
import io.snowfox.protocol.Micros;
import io.snowfox.protocol.v1.DeleteJobOutput;
import io.snowfox.protocol.v1.Job;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.config.Durations;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.security.Namespaces;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the jobs that ended longer than the retention ago: from memory, the cluster map and
 * the store, then their output files from every node whose spawner is up.
 */
final class Retention {

  /** Ended jobs removed per pass at most. */
  static final int MAX_REMOVALS_PER_PASS = 100;

  private static final Logger log = LoggerFactory.getLogger(Retention.class);

  private final RoleContext context;
  private final JobBook book;
  private final NodeCatalog nodes;
  private final Duration retention;
  private final Consumer<Job> forgotten;

  /**
   * @param retention how long an ended job is kept; zero keeps every job
   * @param forgotten told of every job removed for good
   */
  Retention(RoleContext context, JobBook book, NodeCatalog nodes, Duration retention,
      Consumer<Job> forgotten) {
    this.context = context;
    this.book = book;
    this.nodes = nodes;
    this.retention = retention;
    this.forgotten = forgotten;
  }

  /**
   * Whether {@code job} ended longer than the retention ago, which this pass removes (never with
   * a retention of zero).
   */
  boolean expired(Job job) {
    return !retention.isZero() && Jobs.isDone(job) && job.getEndedAtMicros() > 0
        && job.getEndedAtMicros() < Envelopes.nowMicros()
            - TimeUnit.MICROSECONDS.convert(retention);
  }

  /** One pass. */
  void removeExpired() {
    if (retention.isZero()) {
      return;
    }
    long now = Envelopes.nowMicros();
    long endedBefore = now - TimeUnit.MICROSECONDS.convert(retention);
    // A bounded number per pass: a backlog (a first start with years of jobs) does not hold up
    // the store's thread, which also saves the jobs that are running.
    book.table().endedBy(endedBefore, MAX_REMOVALS_PER_PASS)
        .forEach(job -> Correlation.runIn(new Correlation.Scope(Envelopes.newId(), "RemoveJob"),
            () -> remove(job, now)));
    book.storage().forgetOldRemovals(now).onFailure(failure ->
        log.warn("could not forget old removals: {}", failure.getMessage()));
  }

  private void remove(Job job, long nowMicros) {
    String id = job.getId();
    if (!book.drop(job)) {
      return; // changed meanwhile: looked at again next time
    }
    book.storage().remove(id, nowMicros).onSuccess(v -> {
      forgotten.accept(job);
      log.info("removed job {} ({}, ended {}): its retention of {} is over", id,
          JobNames.of(job.getState()), Micros.iso(job.getEndedAtMicros()),
          Durations.format(retention));
      book.events().publish(EventTypes.JOB_REMOVED, id,
          Namespaces.ofJob(job.getSpec().getNamespace()), Map.of(
              "state", JobNames.of(job.getState()),
              "ended_at", Micros.iso(job.getEndedAtMicros())));
      for (String node : nodes.liveSpawners()) {
        context.bus().request(Runs.spawner(node), DeleteJobOutput.newBuilder().setJobId(id)
                .build(), Runs.START_LEASE)
            .onFailure(failure -> log.warn("output of job {} on node {} not deleted: {}", id,
                node, failure.getMessage()));
      }
    }).onFailure(failure -> {
      log.warn("could not remove job {}: {}; trying again later", id, failure.getMessage());
      book.restore(job);
    });
  }
}
