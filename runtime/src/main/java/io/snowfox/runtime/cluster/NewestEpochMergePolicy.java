package io.snowfox.runtime.cluster;

import io.vertx.core.json.JsonObject;

/** The leader map's merge after a split brain: the later leader epoch wins. */
public final class NewestEpochMergePolicy extends RankedMergePolicy {

  @Override
  long[] rank(String value) {
    return new long[] {new JsonObject(value).getLong("epoch", Long.MIN_VALUE)};
  }
}
