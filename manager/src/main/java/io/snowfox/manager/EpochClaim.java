package io.snowfox.manager;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.snowfox.protocol.Addresses;
import io.snowfox.runtime.cluster.LeaderEpoch;
import io.snowfox.runtime.security.RecordSigner;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader's epoch: taken when a manager takes the lead, one above the newest the cluster map
 * and this node's store know, with a compare-and-set on the signed {@link LeaderEpoch} record (two
 * managers that both believe they lead cannot take the same epoch). Everything the leader writes,
 * and every StartProcess and StopProcess it sends, carries it; spawners and stores refuse older
 * ones. Blocking (map calls): off the event loop.
 */
final class EpochClaim {

  private static final Logger log = LoggerFactory.getLogger(EpochClaim.class);
  private static final int ATTEMPTS = 20;

  private final IMap<String, String> map;
  private final RecordSigner signer;
  private final String nodeId;

  EpochClaim(HazelcastInstance hazelcast, RecordSigner signer, String nodeId) {
    this.map = hazelcast.getMap(Addresses.LEADER_MAP);
    this.signer = signer;
    this.nodeId = nodeId;
  }

  /** Takes the next epoch, above {@code atLeast} (what this node's store has seen). */
  long take(long atLeast) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      String current = map.get(LeaderEpoch.KEY);
      long newest = LeaderEpoch.open(signer, current).map(LeaderEpoch::epoch).orElse(0L);
      long next = Math.max(newest, atLeast) + 1;
      String mine = new LeaderEpoch(next, nodeId).sign(signer);
      boolean taken = current == null ? map.putIfAbsent(LeaderEpoch.KEY, mine) == null
          : map.replace(LeaderEpoch.KEY, current, mine);
      if (taken) {
        return next;
      }
    }
    throw new IllegalStateException("could not take a leader epoch: the record in "
        + Addresses.LEADER_MAP + " kept changing");
  }

  /**
   * Calls {@code onNewer} (on a Hazelcast thread) with every verified record of an epoch above
   * {@code mine}: another manager took the lead.
   */
  void watch(long mine, Consumer<LeaderEpoch> onNewer) {
    Consumer<EntryEvent<String, String>> check = event -> LeaderEpoch.open(signer,
        event.getValue()).filter(record -> record.epoch() > mine).ifPresent(onNewer);
    map.addEntryListener((EntryAddedListener<String, String>) check::accept, true);
    map.addEntryListener((EntryUpdatedListener<String, String>) check::accept, true);
    LeaderEpoch.open(signer, map.get(LeaderEpoch.KEY))
        .filter(record -> record.epoch() > mine).ifPresent(onNewer);
    log.debug("following {} for epochs above {}", Addresses.LEADER_MAP, mine);
  }
}
