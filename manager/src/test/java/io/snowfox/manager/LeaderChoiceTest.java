package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.manager.LeaderChoice.Candidate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeaderChoiceTest {

  private static final long NOW = 1_000_000;
  private static final long WAIT = LeaderChoice.CLAIM_WAIT.toMillis();

  private static Candidate claimed(String name, boolean local) {
    return new Candidate(UUID.nameUUIDFromBytes(name.getBytes()), local, true, NOW - WAIT * 10);
  }

  /** A member with role=manager and no claim, first seen {@code agoMillis} before now. */
  private static Candidate unclaimed(String name, long agoMillis) {
    return new Candidate(UUID.nameUUIDFromBytes(name.getBytes()), false, false, NOW - agoMillis);
  }

  @Test
  void oldestClaimedManagerLeads() {
    Candidate a = claimed("a", false);
    Candidate b = claimed("b", true);

    LeaderChoice.Result result = LeaderChoice.choose(List.of(a, b), NOW);

    assertThat(result.leader()).isEqualTo(a);
    assertThat(result.localLeads()).isFalse();
    assertThat(result.waitMillis()).isZero();
  }

  @Test
  void strangerYoungerThanTheLeaderChangesNothing() {
    Candidate leader = claimed("leader", true);

    LeaderChoice.Result result = LeaderChoice.choose(List.of(leader, unclaimed("x", 0)), NOW);

    assertThat(result.leader()).isEqualTo(leader);
    assertThat(result.localLeads()).isTrue();
  }

  @Test
  void olderManagerWithoutClaimHoldsTheChoiceUpForAWhile() {
    LeaderChoice.Result result = LeaderChoice.choose(
        List.of(unclaimed("x", 3_000), claimed("me", true)), NOW);

    assertThat(result.leader()).isNull();
    assertThat(result.waitMillis()).isEqualTo(WAIT - 3_000);
  }

  @Test
  void olderMemberThatNeverClaimsIsPassedOverAsAStranger() {
    Candidate me = claimed("me", true);

    LeaderChoice.Result result = LeaderChoice.choose(List.of(unclaimed("x", WAIT), me), NOW);

    assertThat(result.leader()).isEqualTo(me);
    assertThat(result.localLeads()).isTrue();
  }

  @Test
  void nobodyLeadsWithoutClaims() {
    LeaderChoice.Result result = LeaderChoice.choose(List.of(unclaimed("x", WAIT * 2)), NOW);

    assertThat(result.leader()).isNull();
    assertThat(result.waitMillis()).isZero();
    assertThat(LeaderChoice.choose(List.of(), NOW).leader()).isNull();
  }

  @Test
  void placeInLineCountsTheClaimedManagersBeforeTheLocalOne() {
    Candidate a = claimed("a", false);
    Candidate me = claimed("me", true);

    assertThat(LeaderChoice.place(List.of(me, a))).as("leads").isZero();
    assertThat(LeaderChoice.place(List.of(a, me))).as("next to lead").isEqualTo(1);
    assertThat(LeaderChoice.place(List.of(a, unclaimed("x", WAIT * 2), claimed("b", false), me)))
        .as("a stranger holds no place").isEqualTo(2);
    assertThat(LeaderChoice.place(List.of(a, claimed("b", false)))).as("not a candidate")
        .isEqualTo(-1);
  }
}
