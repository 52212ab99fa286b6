package io.snowfox.spawner;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.runtime.cluster.LeaderEpoch;
import io.snowfox.runtime.security.RecordSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fences off managers that no longer lead. StartProcess and StopProcess carry the epoch of the
 * leader that sent them; one older than the newest this spawner has seen ({@link EpochFloor}) is
 * refused with CONFLICT before anything is started or stopped. The newest epoch comes from the
 * requests accepted and from the signed {@link LeaderEpoch} record in
 * {@link Addresses#LEADER_MAP}, read at start and followed, so that the spawner learns of a new
 * leader even before that leader sends it anything.
 */
final class LeaderFence {

  private static final Logger log = LoggerFactory.getLogger(LeaderFence.class);

  private final Vertx vertx;
  private final EpochFloor floor;
  private volatile Runnable stopFollowing = () -> {};

  LeaderFence(Vertx vertx, Path dataDir) {
    this.vertx = vertx;
    this.floor = new EpochFloor(dataDir);
  }

  /**
   * Loads the floor a previous spawner left, then follows the cluster's leader record. Blocking
   * (files, Hazelcast): call it off the event loop, before any request is admitted.
   */
  void start(HazelcastInstance hazelcast, RecordSigner signer) {
    floor.load();
    IMap<String, String> map = hazelcast.getMap(Addresses.LEADER_MAP);
    // Listening before reading: a record written in between is not missed.
    UUID listener = map.addEntryListener(new Follower(signer), LeaderEpoch.KEY, true);
    stopFollowing = () -> map.removeEntryListener(listener);
    LeaderEpoch.open(signer, map.get(LeaderEpoch.KEY)).ifPresent(floor::raise);
  }

  /** Stops following the leader record. Blocking (Hazelcast). */
  void stop() {
    stopFollowing.run();
  }

  /**
   * Succeeds when a {@code kind} request of {@code epoch} may go ahead (raising the floor when
   * its epoch is newer); fails with CONFLICT when its epoch is older than the floor.
   */
  Future<Void> admit(String kind, long epoch, Envelope envelope) {
    Fencing.Verdict verdict = Fencing.judge(floor.current().epoch(), epoch);
    // The floor only grows: ACCEPT and REFUSE stand as judged. A raise writes the floor's file,
    // and judges again under its lock, in case a newer epoch got there first.
    Future<Fencing.Verdict> judged = verdict != Fencing.Verdict.RAISE
        ? Future.succeededFuture(verdict)
        : vertx.executeBlocking(() -> raise(new LeaderEpoch(epoch,
            envelope.getSource().getNodeId()), envelope), false);
    return judged.compose(result -> result != Fencing.Verdict.REFUSE
        ? Future.succeededFuture()
        : Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_CONFLICT,
            Fencing.refusal(kind, epoch, floor.current()), "", envelope.getCorrelationId(),
            null)));
  }

  private Fencing.Verdict raise(LeaderEpoch sender, Envelope envelope) {
    try {
      return floor.raise(sender);
    } catch (UncheckedIOException e) {
      // Acting on an epoch a restart could forget would let its predecessor back in.
      throw new StatusException(StatusCode.STATUS_CODE_UNAVAILABLE,
          "could not record leader epoch " + sender.epoch(), e.getCause().toString(),
          envelope.getCorrelationId(), e);
    }
  }

  /** Raises the floor with each verified record written to the map; on a Hazelcast thread. */
  private final class Follower implements EntryAddedListener<String, String>,
      EntryUpdatedListener<String, String> {

    private final RecordSigner signer;

    Follower(RecordSigner signer) {
      this.signer = signer;
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      seen(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      seen(event.getValue());
    }

    /** A record that does not verify is logged (by the signer) and ignored. */
    private void seen(String signed) {
      LeaderEpoch.open(signer, signed).ifPresent(record -> {
        try {
          vertx.executeBlocking(() -> floor.raise(record), false).onFailure(failure ->
              log.warn("could not record leader epoch {}: {}", Fencing.describe(record),
                  failure.toString()));
        } catch (RejectedExecutionException e) {
          log.info("leader epoch {} seen while the spawner stops", Fencing.describe(record));
        }
      });
    }
  }
}
