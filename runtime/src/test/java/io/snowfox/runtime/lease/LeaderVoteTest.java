package io.snowfox.runtime.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.protocol.v1.LeaseRequest;
import io.snowfox.protocol.v1.LeaseResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderVoteTest {

  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private static LeaseRequest ask(String member, long epoch) {
    return LeaseRequest.newBuilder().setManagerNode("node-" + member)
        .setManagerMember(member).setEpoch(epoch).setDurationMillis(5_000).build();
  }

  @Test
  void votesForOneManagerUntilItsLeaseRunsOut() {
    LeaderVote vote = new LeaderVote(LeaderVote.State.NONE, 0);

    assertThat(vote.ask(ask("a", 0), 0).response().getGranted()).isTrue();
    LeaseResponse refused = vote.ask(ask("b", 0), 4 * SECOND).response();
    assertThat(refused.getGranted()).isFalse();
    assertThat(refused.getHolderNode()).isEqualTo("node-a");
    assertThat(refused.getRemainingMillis()).isEqualTo(1_000);
    assertThat(refused.getReason()).contains("node-a");

    assertThat(vote.ask(ask("b", 0), 5 * SECOND).response().getGranted()).isTrue();
    assertThat(vote.ask(ask("a", 0), 6 * SECOND).response().getGranted()).isFalse();
  }

  @Test
  void theHolderRenewsAndARenewalNeedsNoSave() {
    LeaderVote vote = new LeaderVote(LeaderVote.State.NONE, 0);

    assertThat(vote.ask(ask("a", 0), 0).save()).isTrue();
    assertThat(vote.ask(ask("a", 0), 4 * SECOND).save()).isFalse();
    // Renewed at 4 s, so it runs until 9 s.
    assertThat(vote.ask(ask("b", 0), 8 * SECOND).response().getGranted()).isFalse();
    assertThat(vote.ask(ask("a", 7), 8 * SECOND).save()).isTrue();
    assertThat(vote.state().newestEpoch()).isEqualTo(7);
  }

  @Test
  void aManagerWithAnOlderEpochThanOneSeenIsRefusedEvenAfterTheLeaseRanOut() {
    LeaderVote vote = new LeaderVote(LeaderVote.State.NONE, 0);
    vote.ask(ask("a", 3), 0);
    vote.ask(ask("b", 0), 10 * SECOND);
    vote.ask(ask("b", 4), 10 * SECOND);

    LeaseResponse deposed = vote.ask(ask("a", 3), 20 * SECOND).response();

    assertThat(deposed.getGranted()).isFalse();
    assertThat(deposed.getNewestEpoch()).isEqualTo(4);
    assertThat(deposed.getReason()).contains("older than epoch 4");
  }

  @Test
  void aReleasedLeaseIsFreeAtOnceButOnlyItsHolderReleasesIt() {
    LeaderVote vote = new LeaderVote(LeaderVote.State.NONE, 0);
    vote.ask(ask("a", 2), 0);

    assertThat(vote.release("b")).isFalse();
    assertThat(vote.ask(ask("b", 0), SECOND).response().getGranted()).isFalse();
    assertThat(vote.release("a")).isTrue();
    LeaseResponse granted = vote.ask(ask("b", 0), SECOND).response();
    assertThat(granted.getGranted()).isTrue();
    assertThat(granted.getNewestEpoch()).isEqualTo(2);
  }

  @Test
  void aRestartedDaemonKeepsItsVoteForAWholeLeaseButLetsTheHolderRenew() {
    LeaderVote.State saved = new LeaderVote.State("node-a", "a", 5_000, 9);
    LeaderVote vote = new LeaderVote(saved, 100 * SECOND);

    assertThat(vote.ask(ask("b", 0), 104 * SECOND).response().getGranted()).isFalse();
    assertThat(vote.ask(ask("a", 9), 104 * SECOND).response().getGranted()).isTrue();
    assertThat(new LeaderVote(saved, 100 * SECOND).ask(ask("b", 0), 105 * SECOND).response()
        .getGranted()).isTrue();
  }

  @Test
  void aRequestWithoutItsManagerOrWithAHugeDurationIsBounded() {
    LeaderVote vote = new LeaderVote(LeaderVote.State.NONE, 0);
    assertThat(vote.ask(LeaseRequest.newBuilder().setDurationMillis(5_000).build(), 0)
        .response().getGranted()).isFalse();

    vote.ask(ask("a", 0).toBuilder().setDurationMillis(Long.MAX_VALUE).build(), 0);
    assertThat(vote.ask(ask("b", 0), LeaderVote.MAX_LEASE.toNanos()).response().getGranted())
        .isTrue();
  }
}
