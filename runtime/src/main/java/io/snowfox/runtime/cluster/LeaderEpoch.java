package io.snowfox.runtime.cluster;

import io.snowfox.protocol.Addresses;
import io.snowfox.runtime.security.RecordSigner;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The newest leadership of the cluster: an epoch (a fencing token that only grows: each manager
 * that takes the lead takes the next one) and the node whose manager took it. It lives in
 * {@link Addresses#LEADER_MAP} under {@link #KEY}, signed with the cluster key, so that every
 * process can learn it: a spawner refuses StartProcess and StopProcess of an older epoch.
 *
 * @param epoch the leader's epoch, from 1
 * @param nodeId the node of the manager that took it
 */
public record LeaderEpoch(long epoch, String nodeId) {

  /** The key of the record in {@link Addresses#LEADER_MAP}. */
  public static final String KEY = "epoch";

  /** The signed map value. */
  public String sign(RecordSigner signer) {
    return signer.sign(Addresses.LEADER_MAP, KEY,
        new JsonObject().put("epoch", epoch).put("node_id", nodeId).encode());
  }

  /** The record of a signed map value; empty when it does not verify or is not a record. */
  public static Optional<LeaderEpoch> open(RecordSigner signer, String signed) {
    if (signed == null) {
      return Optional.empty();
    }
    return signer.open(Addresses.LEADER_MAP, KEY, signed).flatMap(json -> {
      try {
        JsonObject record = new JsonObject(json);
        long epoch = record.getLong("epoch", 0L);
        String node = record.getString("node_id", "");
        return epoch > 0 ? Optional.of(new LeaderEpoch(epoch, node)) : Optional.empty();
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    });
  }
}
