package io.snowfox.manager;

import io.snowfox.manager.jobs.Restore;
import io.snowfox.protocol.Roles;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.RestoreJobsRequest;
import io.snowfox.protocol.v1.RestoreJobsResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.protocol.v1.StatusCode;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of {@code RestoreJobsRequest}: a standby offers the jobs its store holds and
 * the cluster map lacks or holds in an older version ({@link ClusterJobs#follow},
 * {@link ClusterJobs#aheadOfMap}); the leader takes back those it lacks or
 * holds in an older version, saves them (store and map) under its epoch and schedules them,
 * writes its own version of those it holds back to the map, and refuses removed jobs, ended
 * jobs past its retention that it does not hold, and
 * unacknowledged twins ({@link Restore}), which the standby forgets.
 * Only a manager may offer jobs.
 */
final class Restores {

  private static final Logger log = LoggerFactory.getLogger(Restores.class);

  private final JobBook book;
  private final Submissions submissions;
  private final Runnable schedule;
  private final Predicate<Job> expired;

  /** @param expired whether a job ended longer ago than this leader keeps ended jobs */
  Restores(JobBook book, Submissions submissions, Runnable schedule, Predicate<Job> expired) {
    this.book = book;
    this.submissions = submissions;
    this.schedule = schedule;
    this.expired = expired;
  }

  /** Whether the sender may offer jobs: a manager, and nobody else. */
  static boolean mayOffer(Envelope envelope) {
    return envelope.getSource().getRole() == Role.ROLE_MANAGER;
  }

  Future<RestoreJobsResponse> restore(RestoreJobsRequest request, Envelope envelope) {
    if (!mayOffer(envelope)) {
      log.warn("refused RestoreJobsRequest from {} of node '{}': only a manager offers jobs",
          Roles.nameOrEmpty(envelope.getSource().getRole()), envelope.getSource().getNodeId());
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
          "only a manager may offer jobs to restore"));
    }
    List<String> ids = request.getJobsList().stream().map(Job::getId).toList();
    return book.storage().removedAmong(ids).compose(removed -> {
      RestoreJobsResponse.Builder answer = RestoreJobsResponse.newBuilder();
      List<Future<Job>> saves = new ArrayList<>();
      for (Job offered : request.getJobsList()) {
        Restore verdict = Restore.of(offered, book.get(offered.getId()),
            removed.contains(offered.getId()), expired.test(offered),
            submissions.madeBy(offered.getCorrelationId()));
        switch (verdict) {
          case TAKE -> {
            Job taken = book.takeBack(offered);
            submissions.index(taken);
            saves.add(book.persist(taken));
            answer.addRestoredJobIds(taken.getId());
          }
          case REMOVED, EXPIRED, TWIN -> answer.addRefusedJobIds(offered.getId());
          // The standby saw the map without it: this leader's version goes back there.
          case HELD -> saves.add(book.persist(book.get(offered.getId())));
        }
        if (verdict != Restore.HELD) {
          log.warn("job {} offered by the manager of node {} (its store holds it, the cluster "
              + "map does not): {}", offered.getId(), envelope.getSource().getNodeId(),
              switch (verdict) {
                case TAKE -> "taken back, " + offered.getState();
                case REMOVED -> "refused, it was removed";
                case EXPIRED -> "refused, it ended longer ago than the retention";
                default -> "refused, another job answers its request";
              });
        }
      }
      return Future.all(saves).map(saved -> {
        if (!saves.isEmpty()) {
          schedule.run();
        }
        return answer.build();
      });
    });
  }
}
