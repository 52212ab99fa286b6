package io.snowfox.manager;

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
        Job job = ProtocolJson.merge(json, Job.newBuilder()).build();
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
