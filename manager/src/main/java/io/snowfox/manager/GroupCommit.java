package io.snowfox.manager;

import io.snowfox.manager.store.JobStore;
import io.snowfox.manager.store.JobWrite;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit of job writes: the writes made while the store's thread is busy are applied
 * together, in one store transaction, then published together (the cluster map), and each
 * write's future completes once its batch is durable in both.
 *
 * <p>There is no waiting for a batch to fill: a lone write goes at once, and the writes that
 * arrive meanwhile form the next batch, so batches grow only with the load. The store keeps the
 * order of the writes, and so does publication: a batch is published only after the one before
 * it, whose removals no older save can then overtake. Within a batch, a save replaced by a later
 * save of the same job is left out (the later one replaces it anyway).
 *
 * <p>A batch fails whole: when the store refuses it, every write of it fails, and each writer
 * retries as it did for a write of its own.
 */
final class GroupCommit {

  /** Writes per transaction at most, so that a backlog does not make one huge transaction. */
  static final int MAX_BATCH = 256;

  private final JobStore store;
  private final WorkerExecutor storeThread;
  private final Function<List<JobWrite>, Supplier<Future<Void>>> publish;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  /** The publication of the last batch; only the store's thread replaces it. */
  private Future<Void> published = Future.succeededFuture();

  /**
   * @param storeThread one thread: the only one that writes to the store
   * @param publish prepares, on the store's thread, the publication of the writes of a batch
   *     that are to be published; what it returns sends them, in order
   */
  GroupCommit(JobStore store, WorkerExecutor storeThread,
      Function<List<JobWrite>, Supplier<Future<Void>>> publish) {
    this.store = store;
    this.storeThread = storeThread;
    this.publish = publish;
  }

  /** Writes to the store only. */
  Future<Void> store(JobWrite write) {
    return enqueue(write, false);
  }

  /** Writes to the store, then publishes. */
  Future<Void> storeAndPublish(JobWrite write) {
    return enqueue(write, true);
  }

  private Future<Void> enqueue(JobWrite write, boolean published) {
    Pending pending = new Pending(write, published, Promise.promise(), Vertx.currentContext());
    queue.add(pending);
    if (draining.compareAndSet(false, true)) {
      storeThread.executeBlocking(() -> {
        drain();
        return null;
      }).onFailure(this::abandon);
    }
    return pending.promise().future();
  }

  /** The store's thread is gone (closed): what waits will never be written. */
  private void abandon(Throwable cause) {
    Future<Void> failed = Future.failedFuture(cause);
    for (Pending next; (next = queue.poll()) != null; ) {
      next.complete(failed);
    }
    draining.set(false);
  }

  /** On the store's thread: commits batches until no write waits. */
  private void drain() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      for (Pending next; batch.size() < MAX_BATCH && (next = queue.poll()) != null; ) {
        batch.add(next);
      }
      if (!batch.isEmpty()) {
        commit(batch);
      } else {
        draining.set(false);
        // A write queued after the poll and before the flag was cleared started no drain.
        if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    }
  }

  private void commit(List<Pending> batch) {
    try {
      store.write(latest(batch.stream().map(Pending::write).toList()));
    } catch (RuntimeException | Error e) {
      // Even an Error (out of memory) fails the batch: a write never answered would leave its
      // submit waiting for good.
      Future<Void> failed = Future.failedFuture(e);
      batch.forEach(pending -> pending.complete(failed));
      return;
    }
    List<Pending> toPublish = new ArrayList<>();
    for (Pending pending : batch) {
      if (pending.published()) {
        toPublish.add(pending);
      } else {
        pending.complete(Future.succeededFuture());
      }
    }
    if (toPublish.isEmpty()) {
      return;
    }
    Supplier<Future<Void>> send;
    try {
      send = publish.apply(latest(toPublish.stream().map(Pending::write).toList()));
    } catch (RuntimeException | Error e) {
      Future<Void> failed = Future.failedFuture(e);
      toPublish.forEach(pending -> pending.complete(failed));
      return;
    }
    published = published.transform(previous -> send.get());
    published.onComplete(result -> toPublish.forEach(pending -> pending.complete(result)));
  }

  /**
   * The writes without the saves that a later save of the same job replaces; the others, and
   * their order, unchanged.
   */
  static List<JobWrite> latest(List<JobWrite> writes) {
    Map<String, Integer> lastSave = new HashMap<>();
    for (int i = 0; i < writes.size(); i++) {
      if (writes.get(i) instanceof JobWrite.Save) {
        lastSave.put(writes.get(i).jobId(), i);
      }
    }
    List<JobWrite> kept = new ArrayList<>(writes.size());
    for (int i = 0; i < writes.size(); i++) {
      JobWrite write = writes.get(i);
      if (!(write instanceof JobWrite.Save) || lastSave.get(write.jobId()) == i) {
        kept.add(write);
      }
    }
    return kept;
  }

  /** A write waiting for its batch, and where its writer waits for the outcome. */
  private record Pending(JobWrite write, boolean published, Promise<Void> promise,
      Context context) {

    /** Completes on the writer's context, when it had one (its callbacks expect it). */
    void complete(AsyncResult<Void> result) {
      if (context == null) {
        promise.handle(result);
      } else {
        context.runOnContext(v -> promise.handle(result));
      }
    }
  }
}
