package io.snowfox.manager;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapListener;
import io.snowfox.manager.store.JobStore;
import io.snowfox.protocol.Addresses;
import io.snowfox.protocol.ProtocolJson;
import io.snowfox.protocol.v1.Job;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where job state lives: the cluster-wide job map (the cluster's view, surviving a manager
 * restart) written through to the durable {@link JobStore} (surviving a restart of the whole
 * node). A save completes once both hold the job.
 */
final class ClusterJobs {

  private static final Logger log = LoggerFactory.getLogger(ClusterJobs.class);

  private final Vertx vertx;
  private final JobStore store;
  /** One thread: saves reach the store in the order they were made. */
  private final WorkerExecutor storeThread;

  ClusterJobs(Vertx vertx, JobStore store) {
    this.vertx = vertx;
    this.store = store;
    this.storeThread = vertx.createSharedWorkerExecutor("snowfox-job-store", 1);
  }

  /** Saves durably, then in the cluster map. */
  Future<Void> save(Job job) {
    return storeThread.<Void>executeBlocking(() -> {
      store.save(job);
      return null;
    }).compose(v -> map()).compose(jobs -> jobs.put(job.getId(), ProtocolJson.print(job)));
  }

  /**
   * Keeps the store in step with the cluster map while this manager stands by: every version the
   * leader writes to the map, and every removal, reaches this node's store too. Whichever manager
   * leads after a restart of the whole cluster then finds every job in its own store, not only
   * those of the times it led. Returns what stops it (taking the lead, or stopping).
   */
  AutoCloseable mirror(HazelcastInstance hazelcast) {
    IMap<String, String> map = hazelcast.getMap(Addresses.JOBS_MAP);
    MapListener listener = new Mirror();
    UUID registration = map.addEntryListener(listener, true);
    // What the map held before the listener: copied once, older versions never win.
    storeThread.<Integer>executeBlocking(() -> {
      int copied = 0;
      for (String json : map.values()) {
        copied += store.saveIfNewer(parse(json)) ? 1 : 0;
      }
      return copied;
    }).onSuccess(copied -> log.info("standing by: {} job(s) copied from the cluster map to "
        + "this node's store, which follows the map from now on", copied))
        .onFailure(failure -> log.warn("could not copy the cluster map to this node's store: {}",
            failure.getMessage()));
    return () -> map.removeEntryListener(registration);
  }

  /** Map events, handed in order to the store's one thread. */
  private final class Mirror implements EntryAddedListener<String, String>,
      EntryUpdatedListener<String, String>, EntryRemovedListener<String, String> {

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      copy(event.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      copy(event.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> event) {
      String jobId = event.getKey();
      storeThread.<Void>executeBlocking(() -> {
        store.delete(jobId);
        return null;
      }).onFailure(failure -> log.warn("could not remove job {} from this node's store: {}",
          jobId, failure.getMessage()));
    }

    private void copy(String json) {
      storeThread.executeBlocking(() -> store.saveIfNewer(parse(json)))
          .onFailure(failure -> log.warn("could not copy a job to this node's store: {}",
              failure.getMessage()));
    }
  }

  private static Job parse(String json) {
    return ProtocolJson.merge(json, Job.newBuilder()).build();
  }

  /**
   * Removes a job from the cluster map, then from the store. Stopped between the two, the job
   * comes back from the store at the next load, ended and past its retention: it is removed
   * again.
   */
  Future<Void> delete(String jobId) {
    return map().compose(jobs -> jobs.remove(jobId))
        .compose(removed -> storeThread.<Void>executeBlocking(() -> {
          store.delete(jobId);
          return null;
        }));
  }

  /**
   * Every job known to the cluster map or the store; where both have a job, the higher version
   * wins (the map may be ahead of a store that failed, the store ahead of a map that was lost).
   */
  Future<Collection<Job>> loadAll() {
    Future<Map<String, String>> inCluster = map().compose(AsyncMap::entries);
    Future<java.util.List<Job>> onDisk = storeThread.executeBlocking(store::loadAll);
    return Future.all(inCluster, onDisk).map(done -> {
      Map<String, Job> merged = new HashMap<>();
      for (Job job : onDisk.result()) {
        merged.put(job.getId(), job);
      }
      for (String json : inCluster.result().values()) {
        Job job = parse(json);
        Job other = merged.get(job.getId());
        if (other == null || other.getVersion() < job.getVersion()) {
          merged.put(job.getId(), job);
        }
      }
      log.info("loaded {} job(s): {} from the cluster map, {} from the store", merged.size(),
          inCluster.result().size(), onDisk.result().size());
      return merged.values();
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
}
