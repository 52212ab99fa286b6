package io.snowfox.runtime.cluster;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import java.util.Arrays;

/**
 * After a split brain, keeps of two copies of an entry the one that ranks higher (Hazelcast's
 * default keeps the larger cluster's copy, whatever it holds). Values are SnowFox's signed
 * strings ({@code v1.<mac>.<value>}); a value that cannot be ranked ranks lowest. Runs on the
 * data members, so it ranks without verifying: a reader still verifies what it reads.
 */
abstract class RankedMergePolicy
    implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  /** The rank of a signed value's content, compared element by element; higher wins. */
  abstract long[] rank(String value);

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (merging == null) {
      return existing.getRawValue();
    }
    if (existing == null) {
      return merging.getRawValue();
    }
    return Arrays.compare(rankOf(merging.getValue()), rankOf(existing.getValue())) > 0
        ? merging.getRawValue() : existing.getRawValue();
  }

  private long[] rankOf(Object signed) {
    if (!(signed instanceof String text) || !text.startsWith("v1.")) {
      return new long[] {Long.MIN_VALUE};
    }
    int dot = text.indexOf('.', 3);
    try {
      return dot < 0 ? new long[] {Long.MIN_VALUE} : rank(text.substring(dot + 1));
    } catch (RuntimeException e) {
      return new long[] {Long.MIN_VALUE};
    }
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
