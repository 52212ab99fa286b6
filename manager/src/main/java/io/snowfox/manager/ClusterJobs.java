package io.snowfox.manager;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.snowfox.manager.store.JobStore;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.ProtocolJson;
import io.snowfox.protocol.v1.Job;
import io.snowfox.runtime.security.RecordSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where job state lives: the cluster-wide job map (the cluster's view, surviving a manager
 * restart) written through to the durable {@link JobStore} (surviving a restart of the whole
 * node). A save completes once both hold the job.
 *
 * <p>Every value this class puts into the cluster maps is signed with the cluster key
 * ({@link RecordSigner}), and every value it reads must verify: any process that knows the
 * cluster name can join Hazelcast and write there, and what it writes must not become a job.
 * A refused entry is logged and ignored; where this node's store knows the job, the leader puts
 * its signed version back over the forgery.
 */
final class ClusterJobs {

  private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

  private final Vertx vertx;
  private final JobStore store;
  private final RecordSigner signer;
  /** One thread: saves reach the store in the order they were made. */
  private final WorkerExecutor storeThread;
  /** How long a removal is remembered, so that no stale copy of the job comes back. */
  static final Duration REMEMBER_REMOVALS = Duration.ofDays(30);

  ClusterJobs(Vertx vertx, JobStore store, RecordSigner signer) {
    this.vertx = vertx;
    this.store = store;
    this.signer = signer;
    this.storeThread = vertx.createSharedWorkerExecutor("snowfox-job-store", 1);
  }

  /** Saves durably, then in the cluster map. */
  Future<Void> save(Job job) {
    return storeThread.<Void>executeBlocking(() -> {
      store.save(job);
      return null;
    }).compose(v -> map()).compose(jobs -> jobs.put(job.getId(), signedJob(job)));
  }

  /**
   * Keeps the store in step with the cluster map while this manager stands by: every version the
   * leader writes to the map, and every removal, reaches this node's store too. Whichever manager
   * leads after a restart of the whole cluster then finds every job in its own store, not only
   * those of the times it led. Returns what stops it (taking the lead, or stopping).
   *
   * <p>Hazelcast delivers the events of one key on one thread, in order; they are handed to the
   * store's single thread in that order (each {@code executeBlocking} from a Hazelcast thread
   * gets a context of its own, so the order rests on that pool having one thread).
   */
  AutoCloseable mirror(HazelcastInstance hazelcast) {
    IMap<String, String> jobs = hazelcast.getMap(Addresses.JOBS_MAP);
    IMap<String, String> removed = hazelcast.getMap(Addresses.REMOVED_JOBS_MAP);
    UUID onJobs = jobs.addEntryListener((EntryAddedListener<String, String>) event ->
        openJob(event.getKey(), event.getValue()).ifPresent(this::copy), true);
    UUID onJobUpdates = jobs.addEntryListener((EntryUpdatedListener<String, String>) event ->
        openJob(event.getKey(), event.getValue()).ifPresent(this::copy), true);
    UUID onRemovals = removed.addEntryListener((EntryAddedListener<String, String>) event ->
        openRemoval(event.getKey(), event.getValue())
            .ifPresent(at -> forget(event.getKey(), at)), true);
    // What the maps held before the listeners: removals first, then jobs (never an older one).
    storeThread.<Integer>executeBlocking(() -> {
      for (Map.Entry<String, String> gone : removed.entrySet()) {
        Optional<Long> at = openRemoval(gone.getKey(), gone.getValue());
        if (at.isPresent()) {
          store.remove(gone.getKey(), at.get());
        }
      }
      int copied = 0;
      for (Map.Entry<String, String> entry : jobs.entrySet()) {
        Optional<Job> job = openJob(entry.getKey(), entry.getValue());
        copied += job.isPresent() && store.saveIfNewer(job.get()) ? 1 : 0;
      }
      return copied;
    }).onSuccess(copied -> log.info("standing by: {} job(s) copied from the cluster map to "
        + "this node's store, which follows the map from now on", copied))
        .onFailure(failure -> log.warn("could not copy the cluster map to this node's store: {}",
            failure.getMessage()));
    return () -> {
      jobs.removeEntryListener(onJobs);
      jobs.removeEntryListener(onJobUpdates);
      removed.removeEntryListener(onRemovals);
    };
  }

  private void copy(Job job) {
    storeThread.executeBlocking(() -> store.saveIfNewer(job))
        .onFailure(failure -> log.warn("could not copy a job to this node's store: {}",
            failure.getMessage()));
  }

  private void forget(String jobId, long removedAtMicros) {
    storeThread.<Void>executeBlocking(() -> {
      store.remove(jobId, removedAtMicros);
      return null;
    }).onFailure(failure -> log.warn("could not remove job {} from this node's store: {}",
        jobId, failure.getMessage()));
  }

  private String signedJob(Job job) {
    return signer.sign(Addresses.JOBS_MAP, job.getId(), ProtocolJson.print(job));
  }

  /**
   * The job of a map entry, when the entry is signed by the cluster and holds the job its key
   * names; empty (and logged) otherwise.
   */
  private Optional<Job> openJob(String key, String signed) {
    return signer.open(Addresses.JOBS_MAP, key, signed).flatMap(json -> {
      try {
        Job job = ProtocolJson.merge(json, Job.newBuilder()).build();
        if (job.getId().equals(key)) {
          return Optional.of(job);
        }
        log.warn("refused entry '{}' of map {}: it holds job '{}'", key, Addresses.JOBS_MAP,
            job.getId());
      } catch (RuntimeException e) {
        log.warn("refused entry '{}' of map {}: not a job ({})", key, Addresses.JOBS_MAP,
            e.getMessage());
      }
      return Optional.empty();
    });
  }

  /** The removal time of a tombstone, when the cluster signed it. */
  private Optional<Long> openRemoval(String key, String signed) {
    return signer.open(Addresses.REMOVED_JOBS_MAP, key, signed).flatMap(micros -> {
      try {
        return Optional.of(Long.parseLong(micros));
      } catch (NumberFormatException e) {
        log.warn("refused entry '{}' of map {}: not a time", key, Addresses.REMOVED_JOBS_MAP);
        return Optional.empty();
      }
    });
  }

  /**
   * Removes a job for good: from the store (leaving a tombstone there), from the cluster map,
   * then a tombstone in the cluster for the other managers' stores. The store goes first, on the
   * same thread as saves, so a save already under way reaches the map before the removal does.
   * Stopped half-way, the job is found again at the next load, ended and past its retention, and
   * removed again.
   */
  Future<Void> remove(String jobId, long removedAtMicros) {
    return storeThread.<Void>executeBlocking(() -> {
      store.remove(jobId, removedAtMicros);
      return null;
    }).compose(v -> map()).compose(jobs -> jobs.remove(jobId))
        .compose(gone -> removedMap())
        .compose(removed -> removed.put(jobId, signer.sign(Addresses.REMOVED_JOBS_MAP, jobId,
            Long.toString(removedAtMicros)), REMEMBER_REMOVALS.toMillis()));
  }

  /** Forgets the removals older than {@link #REMEMBER_REMOVALS} in this node's store. */
  Future<Integer> forgetOldRemovals(long nowMicros) {
    return storeThread.executeBlocking(() -> store.forgetRemovedBefore(
        nowMicros - TimeUnit.MICROSECONDS.convert(REMEMBER_REMOVALS)));
  }

  /**
   * Every job known to the cluster map or the store, but the removed ones; where both have a
   * job, the higher version wins (the map may be ahead of a store that failed, the store ahead
   * of a map that was lost). Jobs the map lacks, or holds in an older version, are put back in
   * it, so that standing-by managers follow them too.
   */
  Future<Collection<Job>> loadAll() {
    Future<Map<String, String>> inCluster = map().compose(AsyncMap::entries);
    Future<Map<String, String>> removedInCluster = removedMap().compose(AsyncMap::entries);
    Future<List<Job>> onDisk = storeThread.executeBlocking(store::loadAll);
    Future<Set<String>> removedOnDisk = storeThread.executeBlocking(store::removedIds);
    return Future.all(inCluster, removedInCluster, onDisk, removedOnDisk).compose(done -> {
      Set<String> removed = new HashSet<>(removedOnDisk.result());
      removedInCluster.result().forEach((id, signed) -> openRemoval(id, signed)
          .ifPresent(at -> removed.add(id)));
      Map<String, Job> fromMap = new HashMap<>();
      inCluster.result().forEach((id, signed) -> openJob(id, signed)
          .ifPresent(job -> fromMap.put(id, job)));
      Map<String, Job> merged = new HashMap<>();
      for (Job job : onDisk.result()) {
        merged.put(job.getId(), job);
      }
      for (Job job : fromMap.values()) {
        Job other = merged.get(job.getId());
        if (other == null || other.getVersion() < job.getVersion()) {
          merged.put(job.getId(), job);
        }
      }
      merged.keySet().removeAll(removed);
      List<Job> behind = merged.values().stream().filter(job -> {
        Job inMap = fromMap.get(job.getId());
        return inMap == null || inMap.getVersion() < job.getVersion();
      }).toList();
      log.info("loaded {} job(s): {} from the cluster map, {} from the store, {} removed before; "
          + "{} put back in the map", merged.size(), fromMap.size(),
          onDisk.result().size(), removed.size(), behind.size());
      return map().compose(jobs -> Future.all(behind.stream()
              .map(job -> jobs.put(job.getId(), signedJob(job))).toList()))
          .map(put -> merged.values());
    });
  }

  Future<Void> close() {
    return storeThread.<Void>executeBlocking(() -> {
      store.close();
      return null;
    }).eventually(storeThread::close);
  }

  private Future<AsyncMap<String, String>> map() {
    return vertx.sharedData().getClusterWideMap(Addresses.JOBS_MAP);
  }

  private Future<AsyncMap<String, String>> removedMap() {
    return vertx.sharedData().getClusterWideMap(Addresses.REMOVED_JOBS_MAP);
  }
}
