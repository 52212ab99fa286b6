package io.snowfox.manager;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.snowfox.manager.jobs.Jobs;
import io.snowfox.manager.store.JobStore;
import io.snowfox.manager.store.JobWrite;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.ProtocolJson;
import io.snowfox.protocol.v1.Job;
import io.snowfox.runtime.cluster.LeaderEpoch;
import io.snowfox.runtime.security.RecordSigner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where job state lives: the cluster-wide job map (the cluster's view, surviving a manager
 * restart) written through to the durable {@link JobStore} (surviving a restart of the whole
 * node). A save completes once both hold the job. Writes made while the store is busy are
 * committed and published together ({@link GroupCommit}).
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
  private final IMap<String, String> jobsMap;
  private final IMap<String, String> removedMap;
  private final IMap<String, String> leaderMap;
  /** One thread: saves reach the store in the order they were made. */
  private final WorkerExecutor storeThread;
  private final GroupCommit commits;
  /**
   * How long a removal is remembered, so that no stale copy of the job comes back meanwhile (a
   * merge after a split brain, a store that was down). Removed jobs are ended jobs past the
   * retention, and a leader refuses such a job offered later without a tombstone
   * ({@code Restore.EXPIRED}), so a day is enough. Each tombstone held about 270 bytes of a
   * daemon's heap: with 30 days, one job a second retained 2.6 million of them, 700 MB.
   */
  static final Duration REMEMBER_REMOVALS = Duration.ofDays(1);
  /**
   * How long a standby gathers the versions the leader writes before copying the newest of each
   * job: a short job's versions (accepted, placed, running, ended) come within this, and opening
   * and storing each of them on every standby was most of a 5-node cluster's CPU per job.
   */
  static final Duration COPY_DELAY = Duration.ofMillis(500);

  /** Versions the leader wrote that this standby has yet to copy: the newest per job, signed. */
  private final Map<String, String> waitingCopies = new ConcurrentHashMap<>();
  private final AtomicBoolean copySoon = new AtomicBoolean();
  /**
   * How long a standby waits after the map lost a partition before comparing it with its store:
   * a member that leaves loses many partitions at once.
   */
  static final Duration LOOK_DELAY = Duration.ofSeconds(1);
  private final AtomicBoolean lookSoon = new AtomicBoolean();
  /**
   * How many entries one read or write of the job map carries at most. An operation on many
   * keys travels as one packet per member: 100,000 retained jobs put back in one {@code putAll}
   * made a 72 MB packet, which the daemon (a 128 MiB heap) could not read, and no manager could
   * take the lead. A thousand signed jobs are under a megabyte.
   */
  static final int MAP_CHUNK = 1000;

  ClusterJobs(Vertx vertx, HazelcastInstance hazelcast, JobStore store, RecordSigner signer) {
    this.vertx = vertx;
    this.store = store;
    this.signer = signer;
    this.jobsMap = hazelcast.getMap(Addresses.JOBS_MAP);
    this.removedMap = hazelcast.getMap(Addresses.REMOVED_JOBS_MAP);
    this.leaderMap = hazelcast.getMap(Addresses.LEADER_MAP);
    this.storeThread = vertx.createSharedWorkerExecutor("snowfox-job-store", 1);
    this.commits = new GroupCommit(store, storeThread, this::prepare);
  }

  /** Saves durably, then in the cluster map. */
  Future<Void> save(Job job) {
    return commits.storeAndPublish(new JobWrite.Save(job));
  }

  /**
   * Prepares the publication of a batch in the cluster maps (signing here, on the store's
   * thread), to be sent in order, one run of consecutive writes of a kind after the other:
   * saves in one {@code putAll}; removals all at once, the jobs out of the map, then their
   * tombstones. No save made before a removal lands after it, nor one made after it before.
   */
  private Supplier<Future<Void>> prepare(List<JobWrite> writes) {
    List<Supplier<Future<Void>>> runs = new ArrayList<>();
    Map<String, String> saves = new LinkedHashMap<>();
    Map<String, String> tombstones = new LinkedHashMap<>();
    for (JobWrite write : writes) {
      if (write instanceof JobWrite.Save save) {
        if (!tombstones.isEmpty()) {
          runs.add(removals(tombstones));
          tombstones = new LinkedHashMap<>();
        }
        saves.put(save.jobId(), signedJob(save.job()));
      } else if (write instanceof JobWrite.Remove removal) {
        if (!saves.isEmpty()) {
          runs.add(saves(saves));
          saves = new LinkedHashMap<>();
        }
        tombstones.put(removal.jobId(), signer.sign(Addresses.REMOVED_JOBS_MAP,
            removal.jobId(), Long.toString(removal.removedAtMicros())));
      }
    }
    runs.add(saves.isEmpty() ? removals(tombstones) : saves(saves));
    return () -> {
      Future<Void> done = Future.succeededFuture();
      for (Supplier<Future<Void>> run : runs) {
        done = done.compose(v -> run.get());
      }
      return done;
    };
  }

  /** Puts the jobs in the map, {@link #MAP_CHUNK} at a time, one chunk after the other. */
  private Supplier<Future<Void>> saves(Map<String, String> signedJobs) {
    return () -> {
      Future<Void> done = Future.succeededFuture();
      for (Map<String, String> chunk : chunks(signedJobs)) {
        done = done.compose(v -> Future.fromCompletionStage(jobsMap.putAllAsync(chunk)));
      }
      return done;
    };
  }

  private static List<Map<String, String>> chunks(Map<String, String> entries) {
    List<Map<String, String>> chunks = new ArrayList<>();
    Map<String, String> chunk = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      chunk.put(entry.getKey(), entry.getValue());
      if (chunk.size() == MAP_CHUNK) {
        chunks.add(chunk);
        chunk = new LinkedHashMap<>();
      }
    }
    if (!chunk.isEmpty()) {
      chunks.add(chunk);
    }
    return chunks;
  }

  /** The entries of {@code map} under {@code keys}, read {@link #MAP_CHUNK} keys at a time. Blocks. */
  private static Map<String, String> getAll(IMap<String, String> map, Collection<String> keys) {
    List<String> all = List.copyOf(keys);
    Map<String, String> entries = new HashMap<>();
    for (int from = 0; from < all.size(); from += MAP_CHUNK) {
      entries.putAll(map.getAll(new HashSet<>(all.subList(from,
          Math.min(all.size(), from + MAP_CHUNK)))));
    }
    return entries;
  }

  /**
   * Every entry of a map, its keys first, then their values in chunks, on a worker thread: one
   * {@code entrySet} is one packet per member, the whole map of a single node.
   */
  private Future<Map<String, String>> entries(IMap<String, String> map) {
    return vertx.executeBlocking(() -> getAll(map, map.keySet()), false);
  }

  /** Removes the jobs from the map, then puts their tombstones (kept a day). */
  private Supplier<Future<Void>> removals(Map<String, String> tombstones) {
    return () -> Future.all(tombstones.keySet().stream()
            .map(id -> Future.fromCompletionStage(jobsMap.removeAsync(id))).toList())
        .compose(gone -> Future.all(tombstones.entrySet().stream()
            .map(entry -> Future.fromCompletionStage(removedMap.putAsync(entry.getKey(),
                entry.getValue(), REMEMBER_REMOVALS.toMillis(), TimeUnit.MILLISECONDS)))
            .toList()))
        .mapEmpty();
  }

  /**
   * Keeps the store in step with the cluster map while this manager stands by next in line
   * ({@code --standby-copies}): every version the leader writes to the map, and every removal,
   * reaches this node's store too. Whichever of these managers leads after a restart of the
   * whole cluster then finds every job in its own store, not only those of the times it led.
   * Returns what stops it (taking the lead, or stopping).
   *
   * <p>Hazelcast delivers the events of one key on one thread, in order; they join the group
   * commit's queue in that order, and the store applies its queue in order. Copies and removals
   * of one job commute: a copy saves only a newer version, and never over a tombstone.
   *
   * <p>Jobs this store holds ahead of the map are handed to {@code ahead}, to be offered to the
   * leader. When it starts following: those the map lacks or holds in an older version (after a
   * whole cluster stopped, a node that left later may start after the new leader took the lead
   * with older copies). Whenever the map loses a partition: those the map lacks. Hazelcast
   * acknowledges a write with the backups it could make: a write made while members leave may
   * have its only copy on one member, and the map loses it with that member, while the store of
   * the manager that wrote it (or copied it) still holds it.
   */
  AutoCloseable follow(Consumer<List<Job>> ahead) {
    UUID onJobs = jobsMap.addEntryListener((EntryAddedListener<String, String>) event ->
        copyLater(event.getKey(), event.getValue()), true);
    UUID onJobUpdates = jobsMap.addEntryListener((EntryUpdatedListener<String, String>) event ->
        copyLater(event.getKey(), event.getValue()), true);
    // What a merge after a split brings from the other side.
    UUID onJobMerges = jobsMap.addEntryListener((EntryMergedListener<String, String>) event ->
        copyLater(event.getKey(), event.getValue()), true);
    UUID onRemovals = removedMap.addEntryListener((EntryAddedListener<String, String>) event ->
        openRemoval(event.getKey(), event.getValue())
            .ifPresent(at -> forget(event.getKey(), at)), true);
    UUID onLostPartitions = jobsMap.addPartitionLostListener(event -> {
      if (lookSoon.compareAndSet(false, true)) {
        vertx.setTimer(LOOK_DELAY.toMillis(), id -> {
          lookSoon.set(false);
          storeThread.executeBlocking(() -> storeOnly(new HashSet<>(jobsMap.keySet())))
              .onSuccess(jobs -> offer(jobs, ahead, "the cluster map lost a partition"))
              .onFailure(failure -> log.warn("could not compare this node's store with the "
                  + "cluster map: {}", failure.getMessage()));
        });
      }
    });
    // What the maps held before the listeners: removals first, then jobs (never an older one),
    // a chunk at a time.
    storeThread.<Copy>executeBlocking(() -> {
      List<JobWrite> removals = new ArrayList<>();
      getAll(removedMap, removedMap.keySet()).forEach((id, signed) -> openRemoval(id, signed)
          .ifPresent(at -> removals.add(new JobWrite.Remove(id, at))));
      store.write(removals);
      Map<String, Job> inMap = new HashMap<>();
      int copied = 0;
      List<String> ids = List.copyOf(jobsMap.keySet());
      for (int from = 0; from < ids.size(); from += MAP_CHUNK) {
        List<JobWrite> copies = new ArrayList<>();
        getAll(jobsMap, ids.subList(from, Math.min(ids.size(), from + MAP_CHUNK)))
            .forEach((id, signed) -> openJob(id, signed).ifPresent(job -> {
              inMap.put(id, job);
              copies.add(new JobWrite.SaveIfNewer(job));
            }));
        copied += store.write(copies);
      }
      return new Copy(copied, store.aheadOf(inMap));
    }).onSuccess(copy -> {
      log.info("standing by next in line: {} job(s) copied from the cluster map to this node's "
          + "store, which follows the map from now on", copy.copied());
      offer(copy.ahead(), ahead, "the cluster map lacks them or holds an older version");
    }).onFailure(failure -> log.warn("could not copy the cluster map to this node's store: {}",
        failure.getMessage()));
    return () -> {
      jobsMap.removePartitionLostListener(onLostPartitions);
      jobsMap.removeEntryListener(onJobs);
      jobsMap.removeEntryListener(onJobUpdates);
      jobsMap.removeEntryListener(onJobMerges);
      removedMap.removeEntryListener(onRemovals);
      // What still waits is copied before anything else reaches the store (closing it too).
      copyWaiting();
    };
  }

  /**
   * Lets this node's store learn each new leader epoch while this manager stands by, so that it
   * refuses the writes of older ones; every standby does, whether it keeps copies or not.
   * Returns what stops it.
   */
  AutoCloseable watchEpochs() {
    Consumer<EntryEvent<String, String>> onEpoch = event -> LeaderEpoch.open(signer,
        event.getValue()).ifPresent(record -> raiseEpoch(record.epoch())
            .onFailure(failure -> log.warn("could not record leader epoch {}: {}",
                record.epoch(), failure.getMessage())));
    UUID onEpochs = leaderMap.addEntryListener(
        (EntryAddedListener<String, String>) onEpoch::accept, true);
    UUID onNewEpochs = leaderMap.addEntryListener(
        (EntryUpdatedListener<String, String>) onEpoch::accept, true);
    return () -> {
      leaderMap.removeEntryListener(onEpochs);
      leaderMap.removeEntryListener(onNewEpochs);
    };
  }

  /**
   * For a manager out of line, which keeps no copies: the jobs its store still holds (from when
   * it led or followed, before a restart) that the cluster map lacks or holds in an older
   * version, but the removed ones. Offered to the leader before the store drops its copies, so
   * that a cluster restarted in any order loses nothing a store alone knew. Blocking reads of the
   * map and the store, on the store's thread.
   */
  Future<List<Job>> aheadOfMap() {
    return storeThread.executeBlocking(() -> {
      Set<String> ids = store.ids();
      if (ids.isEmpty()) {
        return List.of();
      }
      Map<String, Job> inMap = new HashMap<>();
      getAll(jobsMap, ids).forEach((id, signed) -> openJob(id, signed)
          .ifPresent(job -> inMap.put(id, job)));
      Set<String> removed = new HashSet<>();
      getAll(removedMap, ids).forEach((id, signed) -> openRemoval(id, signed)
          .ifPresent(at -> removed.add(id)));
      return store.aheadOf(inMap).stream().filter(job -> !removed.contains(job.getId()))
          .toList();
    });
  }

  /**
   * Drops this store's copies of jobs, if {@code stillOut} holds when the store's thread comes to
   * it: a manager out of line keeps none, so that a store nobody keeps in step never offers or
   * loads a job whose removal the cluster has since forgotten. Returns how many were dropped.
   */
  Future<Integer> dropCopies(java.util.function.BooleanSupplier stillOut) {
    return storeThread.executeBlocking(() -> stillOut.getAsBoolean() ? store.dropJobs() : 0);
  }

  /**
   * What the first copy of a follower did: jobs copied, and jobs this store holds that the map
   * lacks or holds in an older version (a store that led, or followed, after the map's holders
   * stopped: a whole cluster restarted in another order).
   */
  private record Copy(int copied, List<Job> ahead) {}

  /** The jobs of this store whose ids {@code inMap} lacks. On the store's thread. */
  private List<Job> storeOnly(Set<String> inMap) {
    Set<String> ids = store.ids();
    ids.removeAll(inMap);
    return ids.isEmpty() ? List.of() : store.load(ids);
  }

  private static void offer(List<Job> jobs, Consumer<List<Job>> leader, String why) {
    if (!jobs.isEmpty()) {
      log.warn("{} job(s) of this node's store are not in the cluster map as stored ({}): offering "
          + "them to the leader: {}", jobs.size(), why,
          jobs.stream().map(Job::getId).limit(10).toList());
      leader.accept(jobs);
    }
  }

  /**
   * Those of {@code ids} that were removed: tombstones of this store and of the cluster. The
   * store's come first (a removal reaches the store before the map), so a job removed while a
   * standby looked at the map is known as removed here.
   */
  Future<Set<String>> removedAmong(Collection<String> ids) {
    return storeThread.executeBlocking(() -> {
      Set<String> removed = new HashSet<>(store.removedAmong(ids));
      getAll(removedMap, ids).forEach((id, signed) -> openRemoval(id, signed)
          .ifPresent(at -> removed.add(id)));
      return removed;
    });
  }

  /** Removes from this node's store jobs the leader refused to take back (see RestoreJobs). */
  void forgetRefused(Collection<String> jobIds) {
    long now = System.currentTimeMillis() * 1000;
    jobIds.forEach(id -> forget(id, now));
  }

  /**
   * Keeps a version the leader wrote for the next copy, {@link #COPY_DELAY} from the first that
   * waits. A job's events come in order on one thread, so what waits is its newest version (and
   * a copy only ever saves a newer one anyway).
   */
  private void copyLater(String jobId, String signed) {
    waitingCopies.put(jobId, signed);
    if (copySoon.compareAndSet(false, true)) {
      vertx.setTimer(COPY_DELAY.toMillis(), id -> copyWaiting());
    }
  }

  /**
   * Opens what waits and stores it, in one task of the store's thread: a copy asked for before
   * the store closes lands before it does.
   */
  private void copyWaiting() {
    copySoon.set(false);
    storeThread.<Integer>executeBlocking(() -> {
      List<JobWrite> copies = new ArrayList<>();
      for (String jobId : List.copyOf(waitingCopies.keySet())) {
        String signed = waitingCopies.remove(jobId);
        if (signed != null) {
          openJob(jobId, signed).ifPresent(job -> copies.add(new JobWrite.SaveIfNewer(job)));
        }
      }
      for (int from = 0; from < copies.size(); from += GroupCommit.MAX_BATCH) {
        store.write(copies.subList(from, Math.min(copies.size(), from + GroupCommit.MAX_BATCH)));
      }
      return copies.size();
    }).onFailure(failure -> log.warn("could not copy jobs to this node's store: {}",
        failure.getMessage()));
  }

  private void forget(String jobId, long removedAtMicros) {
    commits.store(new JobWrite.Remove(jobId, removedAtMicros)).onFailure(failure -> log.warn("could not remove job {} from this node's store: {}",
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
        // Unknown fields are skipped: a job written by a newer manager still opens here.
        Job job = ProtocolJson.mergeLenient(json, Job.newBuilder()).build();
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
   * then a tombstone in the cluster for the other managers' stores. It goes in order with the
   * saves, in the store and in the map, so a save already under way reaches both before the
   * removal does. Stopped half-way, the job is found again at the next load, ended and past its
   * retention, and removed again.
   */
  Future<Void> remove(String jobId, long removedAtMicros) {
    return commits.storeAndPublish(new JobWrite.Remove(jobId, removedAtMicros));
  }

  /** Forgets the removals older than {@link #REMEMBER_REMOVALS} in this node's store. */
  Future<Integer> forgetOldRemovals(long nowMicros) {
    return storeThread.executeBlocking(() -> store.forgetRemovedBefore(
        nowMicros - TimeUnit.MICROSECONDS.convert(REMEMBER_REMOVALS)));
  }

  /**
   * Every job known to the cluster map or the store, but the removed ones; where both have a
   * job, the later leader epoch wins, then the higher version (the map may be ahead of a store that failed, the store ahead
   * of a map that was lost). Jobs the map lacks, or holds in an older version, are put back in
   * it, so that standing-by managers follow them too.
   */
  Future<Collection<Job>> loadAll() {
    Future<Map<String, String>> inCluster = entries(jobsMap);
    Future<Map<String, String>> removedInCluster = entries(removedMap);
    Future<List<Job>> onDisk = storeThread.executeBlocking(store::loadAll);
    Future<Set<String>> removedOnDisk = storeThread.executeBlocking(store::removedIds);
    // Opening, comparing and signing every job is seconds of CPU with a long history: on a
    // worker, not the event loop, which renews the leader's lease meanwhile.
    return Future.all(inCluster, removedInCluster, onDisk, removedOnDisk).compose(done ->
        vertx.executeBlocking(() -> {
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
        if (other == null || Jobs.newer(job, other)) {
          merged.put(job.getId(), job);
        }
      }
      merged.keySet().removeAll(removed);
      // A job only this store knows, whose request another job in the map answers, was never
      // acknowledged: its leader died between its store and the map, and the client's retry
      // was accepted by the next leader. Loading it would run one request twice.
      List<Job> twins = Jobs.unacknowledgedTwins(fromMap.values(), merged.values().stream()
          .filter(job -> !fromMap.containsKey(job.getId())).toList());
      twins.forEach(twin -> {
        log.warn("job {} is in this node's store only, and job {} in the cluster answers the "
            + "same request ({}): dropping it, it was never acknowledged", twin.getId(),
            fromMap.values().stream().filter(j -> j.getCorrelationId()
                .equals(twin.getCorrelationId())).findFirst().map(Job::getId).orElse("?"),
            twin.getCorrelationId());
        merged.remove(twin.getId());
      });
      List<Job> behind = merged.values().stream().filter(job -> {
        Job inMap = fromMap.get(job.getId());
        return inMap == null || Jobs.newer(job, inMap);
      }).toList();
      log.info("loaded {} job(s): {} from the cluster map, {} from the store, {} removed before; "
          + "{} put back in the map", merged.size(), fromMap.size(),
          onDisk.result().size(), removed.size(), behind.size());
      Map<String, String> putBack = new LinkedHashMap<>();
      behind.forEach(job -> putBack.put(job.getId(), signedJob(job)));
      return new Loaded(merged.values(), putBack, twins);
    }, false)).compose(loaded -> {
      loaded.twins().forEach(twin -> forget(twin.getId(), System.currentTimeMillis() * 1000));
      return (loaded.putBack().isEmpty() ? Future.<Void>succeededFuture()
          : saves(loaded.putBack()).get()).map(put -> loaded.jobs());
    });
  }

  /** What {@link #loadAll} found: the jobs, those to put back in the map, twins to forget. */
  private record Loaded(Collection<Job> jobs, Map<String, String> putBack, List<Job> twins) {}

  /**
   * The jobs of the cluster map that {@code known} lacks or holds in an older version (later
   * epoch first, then higher version), but the removed ones: after a split brain, the merge
   * brings in what another leader accepted or changed on the other side.
   */
  Future<List<Job>> newerInMap(java.util.function.Function<String, Job> known) {
    Future<Map<String, String>> inCluster = entries(jobsMap);
    Future<Map<String, String>> removedInCluster = entries(removedMap);
    // Opened on a worker (seconds of CPU with a long history); compared with what this manager
    // knows on its own thread.
    return Future.all(inCluster, removedInCluster).compose(done -> vertx.executeBlocking(() -> {
      Set<String> removed = removedInCluster.result().keySet();
      List<Job> opened = new ArrayList<>();
      inCluster.result().forEach((id, signed) -> {
        if (!removed.contains(id)) {
          openJob(id, signed).ifPresent(opened::add);
        }
      });
      return opened;
    }, false)).map(opened -> opened.stream().filter(job -> {
      Job mine = known.apply(job.getId());
      return mine == null || Jobs.newer(job, mine);
    }).toList());
  }

  /** The newest leader epoch this node's store has seen. */
  Future<Long> newestEpoch() {
    return storeThread.executeBlocking(store::newestEpoch);
  }

  /** Records leader epoch {@code epoch} in this node's store. */
  Future<Void> raiseEpoch(long epoch) {
    return storeThread.executeBlocking(() -> {
      store.raiseEpoch(epoch);
      return null;
    });
  }

  Future<Void> close() {
    return storeThread.<Void>executeBlocking(() -> {
      store.close();
      return null;
    }).eventually(storeThread::close);
  }
}
