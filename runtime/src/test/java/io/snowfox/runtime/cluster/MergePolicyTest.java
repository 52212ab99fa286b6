package io.snowfox.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.spi.merge.MergingValue;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.ProtocolJson;
import io.snowfox.protocol.v1.Job;
import io.snowfox.runtime.security.RecordSigner;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** After a split brain, the newest leadership and the newest job versions win. */
class MergePolicyTest {

  private static final RecordSigner SIGNER = new RecordSigner(
      "a cluster key of at least 16 bytes".getBytes(StandardCharsets.UTF_8));

  private static MergingValue<Object> value(String signed) {
    return new MergingValue<>() {
      @Override
      public Object getValue() {
        return signed;
      }

      @Override
      public Object getRawValue() {
        return signed;
      }
    };
  }

  private static String job(long epoch, long version) {
    Job job = Job.newBuilder().setId("web-1").setLeaderEpoch(epoch).setVersion(version).build();
    return SIGNER.sign(Addresses.JOBS_MAP, "web-1", ProtocolJson.print(job));
  }

  @Test
  void theJobOfTheLaterEpochWinsWhateverItsVersionThenTheHigherVersion() {
    NewestJobMergePolicy policy = new NewestJobMergePolicy();

    assertThat(policy.merge(value(job(3, 40)), value(job(4, 2)))).isEqualTo(job(4, 2));
    assertThat(policy.merge(value(job(4, 2)), value(job(3, 40)))).isEqualTo(job(4, 2));
    assertThat(policy.merge(value(job(4, 3)), value(job(4, 2)))).isEqualTo(job(4, 3));
    assertThat(policy.merge(value(job(4, 3)), null)).isEqualTo(job(4, 3));
  }

  @Test
  void somethingThatIsNotASignedJobLoses() {
    NewestJobMergePolicy policy = new NewestJobMergePolicy();

    assertThat(policy.merge(value("{\"version\":\"99\"}"), value(job(1, 1))))
        .isEqualTo(job(1, 1));
    assertThat(policy.merge(value(job(1, 1)), value("v1.x.not json"))).isEqualTo(job(1, 1));
  }

  @Test
  void theLaterLeaderEpochWins() {
    NewestEpochMergePolicy policy = new NewestEpochMergePolicy();
    String five = new LeaderEpoch(5, "a").sign(SIGNER);
    String six = new LeaderEpoch(6, "b").sign(SIGNER);

    assertThat(policy.merge(value(five), value(six))).isEqualTo(six);
    assertThat(policy.merge(value(six), value(five))).isEqualTo(six);
    assertThat(LeaderEpoch.open(SIGNER, six)).hasValue(new LeaderEpoch(6, "b"));
    assertThat(LeaderEpoch.open(SIGNER, "v1.forged.{\"epoch\":99}")).isEmpty();
  }
}
