package io.snowfox.runtime.cluster;

import io.snowfox.protocol.ProtocolJson;
import io.snowfox.protocol.v1.Job;

/**
 * The job map's merge after a split brain: the copy written by the later leader epoch wins,
 * then the higher version. A deposed leader's writes made on its side of the split never win.
 */
public final class NewestJobMergePolicy extends RankedMergePolicy {

  @Override
  long[] rank(String value) {
    Job job = ProtocolJson.mergeLenient(value, Job.newBuilder()).build();
    return new long[] {job.getLeaderEpoch(), job.getVersion()};
  }
}
