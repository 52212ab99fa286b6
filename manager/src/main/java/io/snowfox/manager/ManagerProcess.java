package io.snowfox.manager;

import io.snowfox.manager.store.H2JobStore;
import io.snowfox.protocol.Addresses;
import io.snowfox.manager.tokens.TokenService;
import io.snowfox.runtime.security.TokenMap;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Routes;
import io.snowfox.runtime.identity.JobIdentityOptions;
import io.snowfox.runtime.role.RoleContext;
import io.snowfox.runtime.role.RoleProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
  /** How often a leader checks that the nodes it does not see could not elect another. */
  private static final java.time.Duration OUTNUMBERED_CHECK = java.time.Duration.ofMillis(500);

  private final ManagerOptions options;
  private final JobIdentityOptions identity;
  private JobService jobs;
  private EpochClaim epochs;
  private Leadership leadership;
  private TokenService tokens;
  private volatile io.vertx.core.eventbus.MessageConsumer<Object> tokensConsumer;
  /** While standing by: keeps this node's store in step with the cluster map. */
  private volatile AutoCloseable mirror;
  /** Guards {@link #mirror} against a lead taken while the standby starts mirroring. */
  private final Object mirrorLock = new Object();
  private volatile boolean leading;
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
          ClusterJobs storage = new ClusterJobs(context.vertx(), context.hazelcast(), store,
              context.signer());
          jobs = new JobService(context, storage, options.jobRetention(), identity.users(),
              why -> stepDown("a spawner refused this leader's epoch: " + why));
          epochs = new EpochClaim(context.hazelcast(), context.signer(), context.nodeId());
          // Ready once it serves jobs (it leads now) or stands by; a later take-over is async.
          Promise<Void> ready = Promise.promise();
          leadership = new Leadership(context.hazelcast(), context.vertx(),
              context.signer(), context.nodeId(),
              () -> context.vertx().runOnContext(v -> lead(context)
                  .onComplete(done -> ready.tryComplete())),
              () -> {
                log.warn("another manager leads now; restarting as a standby");
                exit(0);
              });
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
            // Adding the mirror's listeners waits on every member: off the event loop. Under
            // the lock, so that a lead taken meanwhile never leaves a mirror running.
            return context.vertx().executeBlocking(() -> {
              synchronized (mirrorLock) {
                if (!leading) {
                  mirror = storage.mirror();
                }
              }
              return null;
            }).onComplete(done -> ready.tryComplete()).compose(done -> ready.future());
          });
        });
  }

  private Future<Void> lead(RoleContext context) {
    log.info("this manager leads: loading jobs and serving {}", Addresses.JOBS);
    // Removing the mirror's listeners waits on every member (and retries while membership
    // changes, as it does in a failover): off the event loop.
    ClusterJobs storage = jobs.book().storage();
    return awaitMajority(context).compose(ok -> context.vertx().executeBlocking(() -> {
      synchronized (mirrorLock) {
        leading = true;
        stopMirroring();
      }
      return null;
    })).compose(v -> storage.newestEpoch())
        .compose(seen -> context.vertx().executeBlocking(() -> epochs.take(seen)))
        .compose(epoch -> storage.raiseEpoch(epoch).map(epoch))
        .compose(epoch -> {
          log.info("leading with epoch {}", epoch);
          watchForReplacement(context);
          return jobs.start(epoch, pauses::holds)
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
   * Completes once this manager sees a majority of the nodes it knows: only then does it take
   * an epoch and lead (a minority side's epoch would fence off the majority's leader).
   */
  private Future<Void> awaitMajority(RoleContext context) {
    if (leadership.seesMajority()) {
      return Future.succeededFuture();
    }
    log.warn("this manager would lead, but it sees the daemons of fewer than half of the nodes "
        + "it knows; waiting for a majority before taking an epoch");
    Promise<Void> seen = Promise.promise();
    context.vertx().setPeriodic(500, timer -> {
      if (leadership.seesMajority()) {
        context.vertx().cancelTimer(timer);
        log.info("a majority of the known nodes is back; taking the lead");
        seen.tryComplete();
      }
    });
    return seen.future();
  }

  /**
   * Steps down when another manager may lead without this one having heard of it: after a pause
   * long enough for the cluster to take this process for gone ({@link PauseWatch}), or when the
   * nodes this manager does not see could elect a leader of their own.
   */
  private void watchForReplacement(RoleContext context) {
    pauses = PauseWatch.start(context.cluster().failureTimeoutSeconds(), () -> stepDown(
        "this manager was paused longer than half the failure timeout, so another may lead now"));
    context.vertx().setPeriodic(OUTNUMBERED_CHECK.toMillis(), timer -> {
      if (leadership.outnumbered()) {
        context.vertx().cancelTimer(timer);
        stepDown("this manager no longer sees the daemons of enough of the nodes it knows: "
            + "the others could elect a leader of their own");
      }
    });
  }

  /** Another manager leads now: stop at once, before another write, and come back standing by. */
  private void stepDown(String why) {
    log.warn("deposed: {}; restarting as a standby", why);
    exit(0);
  }

  private void stopMirroring() {
    AutoCloseable following = mirror;
    mirror = null;
    if (following != null) {
      try {
        following.close();
      } catch (Exception e) {
        log.warn("could not stop following the cluster map: {}", e.getMessage());
      }
    }
  }

  /** Stops taking job requests first, then closes the store. */
  @Override
  protected Future<Void> stop(RoleContext context) {
    PauseWatch watch = pauses;
    if (watch != null) {
      watch.close();
    }
    stopMirroring();
    io.vertx.core.eventbus.MessageConsumer<Object> consumer = jobsConsumer;
    io.vertx.core.eventbus.MessageConsumer<Object> tokenConsumer = tokensConsumer;
    Future<Void> unregistered = Future.join(
        consumer == null ? Future.succeededFuture() : consumer.unregister(),
        tokenConsumer == null ? Future.succeededFuture() : tokenConsumer.unregister())
        .mapEmpty();
    return unregistered
        .eventually(() -> jobs == null ? Future.succeededFuture() : jobs.close())
        .eventually(() -> tokens == null ? Future.succeededFuture()
            : context.vertx().executeBlocking(() -> {
              tokens.close();
              return null;
            }));
  }
}
