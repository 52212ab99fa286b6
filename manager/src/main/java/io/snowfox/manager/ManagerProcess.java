package io.snowfox.manager;

import io.snowfox.manager.store.H2JobStore;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.RestoreJobsRequest;
import io.snowfox.protocol.v1.RestoreJobsResponse;
import io.snowfox.manager.tokens.TokenService;
import io.snowfox.runtime.security.TokenMap;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.lease.LeaderLease;
import io.snowfox.runtime.cluster.Clusters;
import io.snowfox.protocol.Roles;
import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.role.RoleProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager: job state, placement and restart policies. Unprivileged. It answers the control
 * protocol (health, shutdown) from the daemon on its own address. One manager of the cluster
 * leads ({@link Leadership}): only it serves {@link Addresses#JOBS} (job requests from the API,
 * process events from spawners) and schedules; the others stand by, ready to take over.
 */
public final class ManagerProcess extends RoleProcess {

  private static final Logger log = LoggerFactory.getLogger(ManagerProcess.class);

  private final ManagerOptions options;
  private final JobIdentityOptions identity;
  private JobService jobs;
  private EpochClaim epochs;
  private ClusterJobs storage;
  /** The votes of a majority of the daemons, without which this manager does not lead. */
  private LeaderLease lease;
  private Leadership leadership;
  private TokenService tokens;
  private volatile io.vertx.core.eventbus.MessageConsumer<Object> tokensConsumer;
  /** While standing by: lets this node's store learn each new leader epoch. */
  private volatile AutoCloseable epochWatch;
  /** While standing by next in line: keeps this node's store in step with the cluster map. */
  private volatile AutoCloseable following;
  /** Set before this manager starts following: its store keeps copies from then on. */
  private volatile boolean keepsCopies;
  /** Set once this manager, out of line, has offered what its store held before dropping it. */
  private boolean offeredOut;
  /** Set once this manager stands by: from then on, its place in line decides what it keeps. */
  private volatile boolean standingBy;
  /**
   * Guards what a standby keeps ({@link #epochWatch}, {@link #following}) against a lead taken
   * meanwhile.
   */
  private final Object standbyLock = new Object();
  private volatile boolean leading;
  /** Set once this process stops: it offers the leader nothing more. */
  private volatile boolean stopping;
  /** Jobs offered to the leader in one request (a job is a few KiB at most). */
  private static final int OFFER_BATCH = 200;
  /** How long an offer waits for the leader's answer, and then before it is made again. */
  private static final Duration OFFER_RETRY = Duration.ofSeconds(5);
  /** Set once this process starts taking the lead: it does so once in its life. */
  private final java.util.concurrent.atomic.AtomicBoolean leadTaken =
      new java.util.concurrent.atomic.AtomicBoolean();
  private volatile io.vertx.core.eventbus.MessageConsumer<Object> jobsConsumer;
  /** While leading: whether this process was paused long enough for another to lead. */
  private volatile PauseWatch pauses;

  public ManagerProcess(ManagerOptions options, JobIdentityOptions identity) {
    this.options = options;
    this.identity = identity;
  }

  @Override
  protected Role role() {
    return Role.ROLE_MANAGER;
  }

  @Override
  protected Future<Void> start(RoleContext context) {
    return context.vertx().executeBlocking(() -> TokenService.open(context.vertx(),
            new TokenMap(context.hazelcast(), context.signer()), context.dataDir()))
        .onSuccess(opened -> tokens = opened)
        .compose(opened -> context.vertx().executeBlocking(() -> H2JobStore.open(
            context.dataDir())))
        .compose(store -> {
          storage = new ClusterJobs(context.vertx(), context.hazelcast(), store,
              context.signer());
          jobs = new JobService(context, storage, options.jobRetention(), identity.users(),
              why -> stepDown("a spawner refused this leader's epoch: " + why));
          epochs = new EpochClaim(context.hazelcast(), context.signer(), context.nodeId());
          return context.vertx().executeBlocking(() -> KnownNodes.open(context.dataDir()));
        })
        .compose(known -> {
          // Ready once it serves jobs (it leads now) or stands by; a later take-over is async.
          Promise<Void> ready = Promise.promise();
          leadership = new Leadership(context.hazelcast(), context.vertx(),
              context.signer(), context.nodeId(), known,
              () -> context.vertx().runOnContext(v -> {
                if (leadTaken.compareAndSet(false, true)) {
                  lead(context).onComplete(done -> ready.tryComplete());
                }
              }),
              () -> {
                // The member order names another manager (after a merge, say). The lease, not
                // the order, decides who leads: while this one holds it, no other can.
                if (lease.holds()) {
                  log.info("the member order names another manager, but this one holds the "
                      + "lease: it leads on, and the other waits for the lease");
                  return;
                }
                log.warn("another manager is the next to lead; restarting as a standby");
                exit(0);
              },
              moved -> {
                if (standingBy) {
                  context.vertx().executeBlocking(() -> {
                    standBy(context, leadership.place());
                    return null;
                  });
                }
              });
          lease = new LeaderLease(context.vertx(), context.bus(), context.nodeId(),
              () -> context.hazelcast().getCluster().getLocalMember().getUuid().toString(),
              LeaderLease.durationFor(context.cluster().failureTimeoutSeconds()),
              voters(context, known), why -> stepDown("this manager lost its lease: " + why));
          // Claiming and reading the claims are map calls: off the event loop.
          return context.vertx().executeBlocking(() -> {
            leadership.start();
            return leadership.leading();
          }).compose(leads -> {
            if (leads) {
              return ready.future();
            }
            String leader = leadership.leaderNode();
            log.info("standing by: {}", leader == null ? "no manager leads yet"
                : "the manager of node " + leader + " leads");
            // Adding listeners waits on every member: off the event loop.
            return context.vertx().executeBlocking(() -> {
              synchronized (standbyLock) {
                if (!leading) {
                  epochWatch = storage.watchEpochs();
                }
                standingBy = true;
              }
              standBy(context, leadership.place());
              return null;
            }).onComplete(done -> ready.tryComplete()).compose(done -> ready.future());
          });
        });
  }

  /**
   * What this standby keeps, from its place in line: the {@code --standby-copies} managers next
   * in line follow the cluster map into their store ({@link ClusterJobs#follow}); the others
   * keep no copies, once they have offered the leader what their store held that the map lacks
   * or holds in an older version. A manager only moves up the line (older ones leave, new ones
   * join behind it), so one that follows follows until it leads or stops. Blocking (listeners
   * are added on every member): off the event loop.
   */
  private void standBy(RoleContext context, int place) {
    synchronized (standbyLock) {
      if (leading || stopping || following != null || place < 1) {
        return;
      }
      if (place <= options.standbyCopies()) {
        keepsCopies = true;
        log.info("standing by, {} in line to lead: this node's store keeps a copy of every job",
            ordinal(place));
        following = storage.follow(ahead -> offer(context, ahead, () -> { }));
        return;
      }
      if (offeredOut) {
        return;
      }
      offeredOut = true;
    }
    log.info("standing by, {} in line to lead, behind the {} standby manager(s) that keep copies "
        + "(--standby-copies): this node's store keeps none", ordinal(place),
        options.standbyCopies());
    storage.aheadOfMap().onSuccess(ahead -> offer(context, ahead, () -> storage.dropCopies(
            () -> !keepsCopies && !leading)
        .onSuccess(dropped -> {
          if (dropped > 0) {
            log.info("dropped the copies of {} job(s) from this node's store: the cluster map "
                + "and the managers next in line hold them", dropped);
          }
        })
        .onFailure(failure -> log.warn("could not drop the copies of this node's store: {}",
            failure.getMessage()))))
        .onFailure(failure -> log.warn("could not compare this node's store with the cluster "
            + "map: {}", failure.getMessage()));
  }

  private static String ordinal(int place) {
    return switch (place % 100 >= 11 && place % 100 <= 13 ? 0 : place % 10) {
      case 1 -> place + "st";
      case 2 -> place + "nd";
      case 3 -> place + "rd";
      default -> place + "th";
    };
  }

  /**
   * Offers the leader jobs this node's store holds and the cluster map lacks (or holds in an
   * older version), one batch after the other, each again every {@link #OFFER_RETRY} until the
   * leader answers, as long as this manager stands by (once it leads, it loads its store
   * itself); then runs {@code done}. Forgets those the leader refuses.
   */
  private void offer(RoleContext context, List<Job> jobs, Runnable done) {
    if (leading || stopping) {
      return;
    }
    if (jobs.isEmpty()) {
      done.run();
      return;
    }
    List<Job> batch = jobs.subList(0, Math.min(jobs.size(), OFFER_BATCH));
    context.bus().request(Addresses.JOBS, Envelopes.request(RestoreJobsRequest.newBuilder()
            .addAllJobs(batch).build()).setSource(context.bus().self()), OFFER_RETRY)
        .map(reply -> Envelopes.unpack(reply, RestoreJobsResponse.class))
        .onSuccess(answer -> {
          log.info("the leader took back {} of the {} job(s) offered and refused {}",
              answer.getRestoredJobIdsCount(), batch.size(), answer.getRefusedJobIdsCount());
          storage.forgetRefused(answer.getRefusedJobIdsList());
          offer(context, jobs.subList(batch.size(), jobs.size()), done);
        })
        .onFailure(failure -> {
          log.info("the leader did not take the {} job(s) offered ({}); offering them again in "
              + "{} s", batch.size(), failure.getMessage(), OFFER_RETRY.toSeconds());
          context.vertx().setTimer(OFFER_RETRY.toMillis(), id -> offer(context, jobs, done));
        });
  }

  /** The daemons a lease is asked of: those of the known nodes, and of the live ones. */
  private static LeaderLease.Voters voters(RoleContext context, KnownNodes known) {
    return new LeaderLease.Voters() {
      @Override
      public java.util.Set<String> known() {
        return known.snapshot();
      }

      @Override
      public java.util.Set<String> live() {
        return Clusters.liveNodes(context.hazelcast(), Roles.name(Role.ROLE_DAEMON));
      }
    };
  }

  private Future<Void> lead(RoleContext context) {
    log.info("this manager is the next to lead: asking the daemons for a lease");
    // Removing the standby's listeners waits on every member (and retries while membership
    // changes, as it does in a failover): off the event loop.
    return lease.acquire().compose(voted -> context.vertx().executeBlocking(() -> {
      synchronized (standbyLock) {
        leading = true;
        stopStandingBy();
      }
      return voted;
    })).compose(voted -> storage.newestEpoch().map(seen -> Math.max(seen, voted)))
        .compose(seen -> context.vertx().executeBlocking(() -> epochs.take(seen)))
        .compose(epoch -> lease.confirm(epoch).map(epoch))
        .compose(epoch -> storage.raiseEpoch(epoch).map(epoch))
        .compose(epoch -> {
          log.info("this manager leads with epoch {}: loading jobs and serving {}", epoch,
              Addresses.JOBS);
          watchForReplacement(context);
          return jobs.start(epoch, () -> pauses.holds() && lease.holds())
              .compose(v -> context.vertx().executeBlocking(() -> {
                epochs.watch(epoch, newer -> stepDown("manager of node " + newer.nodeId()
                    + " took leader epoch " + newer.epoch() + ", above this one's " + epoch));
                return null;
              }));
        })
        .compose(v -> {
          Routes routes = context.bus().routes(Addresses.JOBS);
          jobs.register(routes);
          return routes.listen();
        })
        .onSuccess(consumer -> jobsConsumer = consumer)
        .compose(v -> tokens.lead())
        .compose(v -> {
          Routes routes = context.bus().routes(Addresses.TOKENS);
          tokens.register(routes);
          return routes.listen();
        })
        .onSuccess(consumer -> tokensConsumer = consumer)
        .<Void>mapEmpty()
        .onFailure(failure -> {
          log.error("could not take the lead: {}", failure.toString());
          exit(1);
        });
  }

  /**
   * Steps down when another manager may lead without this one having heard of it: after a pause
   * long enough for the cluster to take this process for gone ({@link PauseWatch}). A leader cut
   * off from the majority of the daemons loses its lease ({@link LeaderLease}) before another
   * can gather one.
   */
  private void watchForReplacement(RoleContext context) {
    pauses = PauseWatch.start(context.cluster().failureTimeoutSeconds(), () -> stepDown(
        "this manager was paused longer than half the failure timeout, so another may lead now"));
  }

  /** Another manager leads now: stop at once, before another write, and come back standing by. */
  private void stepDown(String why) {
    log.warn("deposed: {}; restarting as a standby", why);
    exit(0);
  }

  private void stopStandingBy() {
    AutoCloseable copies = following;
    AutoCloseable epochs = epochWatch;
    following = null;
    epochWatch = null;
    for (AutoCloseable listening : java.util.Arrays.asList(copies, epochs)) {
      if (listening != null) {
        try {
          listening.close();
        } catch (Exception e) {
          log.warn("could not stop following the cluster map: {}", e.getMessage());
        }
      }
    }
  }

  /** Stops taking job requests first, then closes the store. */
  @Override
  protected Future<Void> stop(RoleContext context) {
    stopping = true;
    PauseWatch watch = pauses;
    if (watch != null) {
      watch.close();
    }
    stopStandingBy();
    io.vertx.core.eventbus.MessageConsumer<Object> consumer = jobsConsumer;
    io.vertx.core.eventbus.MessageConsumer<Object> tokenConsumer = tokensConsumer;
    Future<Void> unregistered = Future.join(
        consumer == null ? Future.succeededFuture() : consumer.unregister(),
        tokenConsumer == null ? Future.succeededFuture() : tokenConsumer.unregister())
        .mapEmpty();
    // The lease is given back once the last job change is written, so that the next leader
    // need not wait for it to run out.
    return unregistered
        .eventually(() -> jobs == null ? Future.succeededFuture() : jobs.close())
        .eventually(() -> lease == null ? Future.succeededFuture() : lease.release())
        .eventually(() -> tokens == null ? Future.succeededFuture()
            : context.vertx().executeBlocking(() -> {
              tokens.close();
              return null;
            }));
  }
}
