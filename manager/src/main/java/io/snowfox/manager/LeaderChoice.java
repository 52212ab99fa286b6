package io.snowfox.manager;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Who leads, from the cluster's managers in join order: the oldest whose claim verified. A
 * member that says it is a manager (a member attribute, which any process joining Hazelcast can
 * set) but has shown no claim is waited for a while, since its claim may be on its way; after
 * {@link #CLAIM_WAIT} it is passed over as a stranger. Pure; the table of cases is in the test.
 */
final class LeaderChoice {

  /** How long an older manager without a claim holds up the younger ones. */
  static final Duration CLAIM_WAIT = Duration.ofSeconds(10);

  /** One member that says it is a manager. */
  record Candidate(UUID uuid, boolean local, boolean claimed, long sinceMillis) {}

  /**
   * What the members agree on now.
   *
   * @param leader the leading manager, or null while there is none
   * @param waitMillis when above 0, an older unclaimed manager holds the choice up: look again
   *     after this long
   */
  record Result(Candidate leader, long waitMillis) {

    boolean localLeads() {
      return leader != null && leader.local();
    }
  }

  private LeaderChoice() {}

  /** The choice among {@code managers} (in join order, oldest first) at {@code nowMillis}. */
  static Result choose(List<Candidate> managers, long nowMillis) {
    for (Candidate candidate : managers) {
      if (candidate.claimed()) {
        return new Result(candidate, 0);
      }
      long waited = nowMillis - candidate.sinceMillis();
      if (waited < CLAIM_WAIT.toMillis()) {
        return new Result(null, CLAIM_WAIT.toMillis() - waited);
      }
    }
    return new Result(null, 0);
  }

  /**
   * The local manager's place in line among {@code managers} (in join order, oldest first): 0
   * when it leads or is the first to, 1 when it is the next, and so on, counting only the
   * managers whose claim verified (a stranger holds no place). -1 when the local manager has no
   * verified claim among them.
   */
  static int place(List<Candidate> managers) {
    int place = 0;
    for (Candidate candidate : managers) {
      if (candidate.claimed()) {
        if (candidate.local()) {
          return place;
        }
        place++;
      }
    }
    return -1;
  }
}
