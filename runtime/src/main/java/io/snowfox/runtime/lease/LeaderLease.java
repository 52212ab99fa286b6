package io.snowfox.runtime.lease;


import io.snowfox.protocol.v1.Ack;
import io.snowfox.protocol.v1.Endpoint;
import io.snowfox.protocol.v1.LeaseRelease;
import io.snowfox.protocol.v1.LeaseRequest;
import io.snowfox.protocol.v1.LeaseResponse;
import io.snowfox.protocol.v1.Role;
import io.snowfox.runtime.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leading manager's lease: the votes of the daemons of a strict majority of the nodes it
 * knows (the manager keeps them), each daemon voting for one manager at a time
 * ({@link LeaderVote}, on the daemon's {@link LeaseDesk}). Two majorities share a daemon, so
 * two managers can never hold a lease at once, whatever each one sees of a split cluster.
 *
 * <p>Taking the lead: {@link #acquire()} gathers a majority (and learns from it the newest
 * epoch any earlier leader was granted), the manager takes an epoch above it, and
 * {@link #confirm(long)} has a majority record that epoch before the manager acts. From then on
 * the lease is renewed every fifth of its duration; the leader keeps it while at least half of
 * the known nodes' daemons vote for it (no other manager can then gather a strict majority).
 *
 * <p>{@link #holds()} is checked before every StartProcess and StopProcess and every job
 * change: it is true until a fifth of a duration before the end of the last renewal a majority
 * granted, counted from when the renewal was sent (the daemons count from when they got it, so
 * their votes outlast the leader's belief). A lease that lapses, or a daemon that has seen a
 * newer epoch, calls the {@code onLost} callback: the leader steps down.
 */
public final class LeaderLease {

  private static final Logger log = LoggerFactory.getLogger(LeaderLease.class);

  private final Vertx vertx;
  private final Bus bus;
  private final String nodeId;
  /** This manager's cluster member id now (a merge after a split may give it a new one). */
  private final java.util.function.Supplier<String> memberId;
  private final Duration duration;
  private final Voters voters;
  private final Consumer<String> onLost;
  private volatile long epoch;
  /** System.nanoTime() until which this manager may act; 0 while it holds no lease. */
  private volatile long validUntil;
  private volatile boolean lost;
  private long renewTimer = -1;
  /** The nodes whose daemons voted for this manager in the last round. */
  private volatile Set<String> granted = Set.of();

  /** The daemons asked, and those counted. */
  public interface Voters {

    /**
     * The nodes that count: a lease needs the votes of a majority of them. Every manager must
     * know them, leading or not, whatever it sees now: one that counted only the nodes it
     * sees would find a majority in itself on the small side of a split.
     */
    Set<String> known();

    /** The nodes whose daemons are cluster members now: asked too, though they do not count. */
    Set<String> live();
  }

  public LeaderLease(Vertx vertx, Bus bus, String nodeId,
      java.util.function.Supplier<String> memberId, Duration duration,
      Voters voters, Consumer<String> onLost) {
    this.vertx = vertx;
    this.bus = bus;
    this.nodeId = nodeId;
    this.memberId = memberId;
    this.duration = duration;
    this.voters = voters;
    this.onLost = onLost;
  }

  /** The lease of a cluster whose failure timeout is {@code failureTimeoutSeconds}. */
  public static Duration durationFor(int failureTimeoutSeconds) {
    // No longer than the failure timeout: by the time the others find a dead leader gone, its
    // lease has run out and a successor can gather votes at once.
    return Duration.ofSeconds(Math.max(1, failureTimeoutSeconds));
  }

  /**
   * Completes, with the newest epoch the voters have seen, once the daemons of a strict
   * majority of the known nodes vote for this manager; tries again until they do.
   */
  public Future<Long> acquire() {
    Promise<Long> acquired = Promise.promise();
    attempt(acquired, 0);
    return acquired.future();
  }

  private void attempt(Promise<Long> acquired, int attempt) {
    round(0).onComplete(done -> {
      Round result = done.result();
      Set<String> known = result.known();
      if (Majority.strict(known, result.granted())) {
        log.info("the daemons of {} of the {} known nodes ({}) vote for this manager",
            result.granted().size(), known.size(), String.join(", ", result.granted()));
        granted = result.granted();
        validUntil = result.sentAt() + usable();
        acquired.complete(result.newestEpoch());
        return;
      }
      if (attempt % 30 == 0) {
        log.warn("waiting for the votes of a majority of the {} known nodes ({}); {} voted for "
            + "this manager; refused: {}", known.size(), String.join(", ", known),
            result.granted().isEmpty() ? "none" : String.join(", ", result.granted()),
            result.refusals().isEmpty() ? "none" : result.refusals());
      }
      // Votes short of a majority are given back, so that two managers asking at once do not
      // each keep half of them; then a random wait before asking again, up to a second while
      // another manager holds the votes.
      release(result.granted());
      long wait = (result.refusals().isEmpty() ? 300 : 1_000)
          + ThreadLocalRandom.current().nextLong(300);
      vertx.setTimer(wait, id -> attempt(acquired, attempt + 1));
    });
  }

  /**
   * Has a majority of the known nodes record {@code leaderEpoch}, then renews the lease with it
   * every fifth of its duration. Fails when no majority records it.
   */
  public Future<Void> confirm(long leaderEpoch) {
    this.epoch = leaderEpoch;
    return round(leaderEpoch).compose(result -> {
      if (!Majority.strict(result.known(), result.granted())) {
        return Future.failedFuture(new IllegalStateException("a majority of the known nodes did "
            + "not record epoch " + leaderEpoch + "; refused: " + result.refusals()));
      }
      granted = result.granted();
      validUntil = result.sentAt() + usable();
      renewTimer = vertx.setPeriodic(duration.toMillis() / 5, id -> renew());
      return Future.succeededFuture();
    });
  }

  /** Whether this manager may act as leader now. */
  public boolean holds() {
    return !lost && validUntil != 0 && System.nanoTime() - validUntil < 0;
  }

  /** The nodes whose daemons voted for this manager in the last round. */
  public Set<String> voters() {
    return granted;
  }

  private void renew() {
    if (lost) {
      return;
    }
    if (!holds()) {
      lose("its lease ran out: no renewal was granted by half of the known nodes for "
          + duration.toMillis() * 4 / 5 + " ms");
      return;
    }
    round(epoch).onSuccess(result -> {
      Set<String> known = result.known();
      if (result.newestEpoch() > epoch) {
        lose("a daemon has seen leader epoch " + result.newestEpoch() + ", above this one's "
            + epoch);
      } else if (Majority.half(known, result.granted())) {
        granted = result.granted();
        validUntil = Math.max(validUntil, result.sentAt() + usable());
      } else {
        log.warn("lease renewal granted by {} of the {} known nodes only; refused: {}",
            result.granted().size(), known.size(), result.refusals());
      }
    });
  }

  private void lose(String why) {
    if (lost) {
      return;
    }
    lost = true;
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    onLost.accept(why);
  }

  /** Stops acting as leader and gives the votes back; completes within a second. */
  public Future<Void> release() {
    lost = true;
    if (renewTimer >= 0) {
      vertx.cancelTimer(renewTimer);
    }
    return release(granted);
  }

  private Future<Void> release(Set<String> nodes) {
    List<Future<Ack>> sent = new ArrayList<>();
    for (String node : nodes) {
      sent.add(bus.ask(daemon(node), LeaseRelease.newBuilder().setManagerMember(memberId.get())
          .build(), Ack.class, Duration.ofSeconds(1)));
    }
    return Future.join(sent).<Void>mapEmpty().otherwiseEmpty();
  }

  /** The part of a lease this manager uses: it stops a fifth of a duration before the end. */
  private long usable() {
    return duration.toNanos() * 4 / 5;
  }

  /**
   * One request to the daemon of each known or live node, answered or timed out within half a
   * duration.
   */
  private Future<Round> round(long withEpoch) {
    Set<String> asked = new java.util.TreeSet<>(voters.known());
    asked.addAll(voters.live());
    long sentAt = System.nanoTime();
    LeaseRequest request = LeaseRequest.newBuilder()
        .setManagerNode(nodeId)
        .setManagerMember(memberId.get())
        .setEpoch(withEpoch)
        .setDurationMillis(duration.toMillis())
        .build();
    Map<String, Future<LeaseResponse>> answers = new HashMap<>();
    for (String node : asked) {
      answers.put(node, bus.ask(daemon(node), request, LeaseResponse.class,
          duration.dividedBy(2)));
    }
    return Future.join(new ArrayList<>(answers.values())).transform(all -> {
      Set<String> votes = new HashSet<>();
      Map<String, String> refusals = new HashMap<>();
      long newest = 0;
      for (Map.Entry<String, Future<LeaseResponse>> answer : answers.entrySet()) {
        Future<LeaseResponse> vote = answer.getValue();
        if (vote.succeeded() && vote.result().getGranted()) {
          votes.add(answer.getKey());
        } else {
          refusals.put(answer.getKey(), vote.succeeded() ? vote.result().getReason()
              : String.valueOf(vote.cause().getMessage()));
        }
        if (vote.succeeded()) {
          newest = Math.max(newest, vote.result().getNewestEpoch());
        }
      }
      return Future.succeededFuture(new Round(sentAt, voters.known(), Set.copyOf(votes),
          refusals, newest));
    });
  }

  private static Endpoint daemon(String node) {
    return Endpoint.newBuilder().setNodeId(node).setRole(Role.ROLE_DAEMON).build();
  }

  /** The answers of one round of requests. */
  private record Round(long sentAt, Set<String> known, Set<String> granted,
      Map<String, String> refusals, long newestEpoch) {}
}
