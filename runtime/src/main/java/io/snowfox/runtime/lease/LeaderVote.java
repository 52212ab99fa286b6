package io.snowfox.runtime.lease;

import io.snowfox.protocol.v1.LeaseRequest;
import io.snowfox.protocol.v1.LeaseResponse;
import java.time.Duration;

/**
 * A daemon's vote for the leading manager: at most one manager at a time, until its lease runs
 * out or it gives it back. A manager leads only while the daemons of a majority of the nodes it
 * knows vote for it, so two managers can never lead at once, whatever each one sees of the
 * cluster: two majorities share a daemon, and a daemon votes for one.
 *
 * <p>The vote also keeps the newest leader epoch it has heard of, and refuses a manager that
 * leads with an older one (it was deposed). A new leader learns from the majority that votes
 * for it the newest epoch any earlier majority granted, and takes one above.
 *
 * <p>Pure: the caller passes the time ({@link System#nanoTime()}) and saves the state (see
 * {@link VoteFile}) when an answer says so, before sending it: a daemon restarted within a
 * lease must not forget whom it voted for.
 */
public final class LeaderVote {

  /** No manager may hold a lease longer than this in one request. */
  public static final Duration MAX_LEASE = Duration.ofSeconds(60);

  /** What a daemon must remember across a restart. */
  public record State(String holderNode, String holderMember, long durationMillis,
      long newestEpoch) {

    public static final State NONE = new State("", "", 0, 0);

    public boolean held() {
      return !holderMember.isEmpty();
    }
  }

  /** The answer to a request, and whether the state must be saved before it is sent. */
  public record Answer(LeaseResponse response, boolean save) {}

  private State state;
  private long expiresAtNanos;

  /**
   * A vote that starts from {@code saved}: a lease held when the daemon stopped is taken to run
   * for its whole duration from {@code nowNanos} (it may have been renewed just before).
   */
  public LeaderVote(State saved, long nowNanos) {
    this.state = saved;
    this.expiresAtNanos = nowNanos + Duration.ofMillis(saved.durationMillis()).toNanos();
  }

  public synchronized State state() {
    return state;
  }

  /** Answers a manager's request at {@code nowNanos}. */
  public synchronized Answer ask(LeaseRequest request, long nowNanos) {
    LeaseResponse.Builder answer = LeaseResponse.newBuilder();
    if (request.getManagerMember().isEmpty() || request.getManagerNode().isEmpty()) {
      return refuse(answer, "a lease request names its manager's node and member");
    }
    if (request.getEpoch() != 0 && request.getEpoch() < state.newestEpoch()) {
      return refuse(answer, "leader epoch " + request.getEpoch() + " is older than epoch "
          + state.newestEpoch() + ", which this daemon has seen: another manager leads");
    }
    boolean heldByAnother = state.held() && nowNanos - expiresAtNanos < 0
        && !state.holderMember().equals(request.getManagerMember());
    if (heldByAnother) {
      return refuse(answer.setHolderNode(state.holderNode())
          .setHolderMember(state.holderMember())
          .setRemainingMillis(Duration.ofNanos(expiresAtNanos - nowNanos).toMillis()),
          "this daemon votes for the manager of node " + state.holderNode() + " for "
              + Duration.ofNanos(expiresAtNanos - nowNanos).toMillis() + " ms more");
    }
    long millis = Math.max(1, Math.min(request.getDurationMillis(), MAX_LEASE.toMillis()));
    State next = new State(request.getManagerNode(), request.getManagerMember(), millis,
        Math.max(state.newestEpoch(), request.getEpoch()));
    // Renewals by the same holder, with the same epoch and duration, change nothing durable.
    boolean save = !next.equals(state);
    state = next;
    expiresAtNanos = nowNanos + Duration.ofMillis(millis).toNanos();
    return new Answer(answer.setGranted(true).setNewestEpoch(state.newestEpoch()).build(), save);
  }

  /** The manager {@code member} gives its lease back; true when the state must be saved. */
  public synchronized boolean release(String member) {
    if (!state.held() || !state.holderMember().equals(member)) {
      return false;
    }
    state = new State("", "", 0, state.newestEpoch());
    return true;
  }

  private Answer refuse(LeaseResponse.Builder answer, String reason) {
    return new Answer(answer.setGranted(false).setNewestEpoch(state.newestEpoch())
        .setReason(reason).build(), false);
  }
}
