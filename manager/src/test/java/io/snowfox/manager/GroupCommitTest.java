package io.snowfox.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snowfox.manager.store.JobStore;
import io.snowfox.manager.store.JobWrite;
import io.snowfox.protocol.v1.Job;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

  private final Vertx vertx = Vertx.vertx();
  private final WorkerExecutor storeThread = vertx.createSharedWorkerExecutor("test-store", 1);
  private final RecordingStore store = new RecordingStore();
  /** What each publication was given, in the order they were prepared. */
  private final List<List<JobWrite>> prepared = new CopyOnWriteArrayList<>();
  /** The publications as they are sent; each completes when the test says. */
  private final List<Promise<Void>> sent = new CopyOnWriteArrayList<>();
  private final GroupCommit commits = new GroupCommit(store, storeThread, writes -> {
    prepared.add(writes);
    return () -> {
      Promise<Void> publication = Promise.promise();
      sent.add(publication);
      return publication.future();
    };
  });

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static JobWrite.Save save(String id, long version) {
    return new JobWrite.Save(Job.newBuilder().setId(id).setVersion(version).build());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private static void eventually(Runnable check) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() > until) {
          throw e;
        }
        Thread.sleep(5);
      }
    }
  }

  @Test
  void aLoneWriteIsStoredAndPublishedAtOnce() throws Exception {
    Future<Void> saved = commits.storeAndPublish(save("a", 1));

    eventually(() -> assertThat(sent).hasSize(1));
    assertThat(store.batches).containsExactly(List.of(save("a", 1)));
    assertThat(saved.isComplete()).as("complete before the map has it").isFalse();

    sent.get(0).complete();
    await(saved);
  }

  @Test
  void writesMadeWhileTheStoreIsBusyAreCommittedTogether() throws Exception {
    store.blockNextWrite();
    Future<Void> first = commits.storeAndPublish(save("a", 1));
    store.awaitBlocked();
    List<Future<Void>> meanwhile = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      meanwhile.add(commits.storeAndPublish(save("job-" + i, 1)));
    }
    store.release();

    eventually(() -> assertThat(store.batches).hasSize(2));
    assertThat(store.batches.get(0)).hasSize(1);
    assertThat(store.batches.get(1)).hasSize(8);
    eventually(() -> assertThat(sent).hasSize(1));
    sent.get(0).complete();
    eventually(() -> assertThat(sent).hasSize(2));
    assertThat(prepared.get(1)).hasSize(8);
    sent.get(1).complete();
    await(first);
    await(Future.all(meanwhile));
  }

  @Test
  void aBatchIsPublishedOnlyAfterTheOneBefore() throws Exception {
    Future<Void> first = commits.storeAndPublish(save("a", 1));
    eventually(() -> assertThat(sent).hasSize(1));
    Future<Void> removal = commits.storeAndPublish(new JobWrite.Remove("a", 99));

    eventually(() -> assertThat(store.batches).hasSize(2));
    eventually(() -> assertThat(prepared).hasSize(2));
    assertThat(sent).as("the removal waits for the save before it").hasSize(1);

    sent.get(0).complete();
    eventually(() -> assertThat(sent).hasSize(2));
    sent.get(1).complete();
    await(first);
    await(removal);
  }

  @Test
  void theLatestSaveOfAJobWinsAndRemovalsKeepTheirPlace() {
    List<JobWrite> writes = List.of(save("a", 1), save("b", 1), new JobWrite.Remove("b", 5),
        save("a", 2), new JobWrite.SaveIfNewer(Job.newBuilder().setId("c").build()),
        save("b", 3), save("a", 3));

    assertThat(GroupCommit.latest(writes)).containsExactly(new JobWrite.Remove("b", 5),
        new JobWrite.SaveIfNewer(Job.newBuilder().setId("c").build()), save("b", 3),
        save("a", 3));
  }

  @Test
  void aBatchTheStoreRefusesFailsEveryWriteOfItAndTheNextOneStillGoes() throws Exception {
    store.blockNextWrite();
    Future<Void> first = commits.storeAndPublish(save("a", 1));
    store.awaitBlocked();
    store.failNextWrite();
    Future<Void> second = commits.storeAndPublish(save("b", 1));
    Future<Void> third = commits.store(save("c", 1));
    store.release();

    assertThatThrownBy(() -> await(second)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("disk full");
    assertThatThrownBy(() -> await(third)).isInstanceOf(ExecutionException.class);
    assertThat(prepared).hasSize(1);
    eventually(() -> assertThat(sent).hasSize(1));
    sent.get(0).complete();
    await(first);

    Future<Void> later = commits.store(save("d", 1));
    await(later);
  }

  @Test
  void writesForTheStoreOnlyAreNotPublishedAndDoNotWait() throws Exception {
    Future<Void> copied = commits.store(new JobWrite.SaveIfNewer(
        Job.newBuilder().setId("a").setVersion(4).build()));

    await(copied);
    assertThat(prepared).isEmpty();
    assertThat(store.batches).hasSize(1);
  }

  @Test
  void writesCompleteOnTheWritersContext() throws Exception {
    var context = vertx.getOrCreateContext();
    Promise<Set<Boolean>> onContext = Promise.promise();
    context.runOnContext(v -> commits.store(save("a", 1))
        .onComplete(done -> onContext.complete(Set.of(vertx.getOrCreateContext() == context))));

    assertThat(await(onContext.future())).containsExactly(true);
  }

  /** A store that records its batches and can be made to block or fail. */
  private static final class RecordingStore implements JobStore {

    @Override
    public long newestEpoch() {
      return 0;
    }

    @Override
    public void raiseEpoch(long epoch) {}

    @Override
    public int dropJobs() {
      return 0;
    }

    final List<List<JobWrite>> batches = new CopyOnWriteArrayList<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean blockNext;
    private volatile boolean failNext;

    void blockNextWrite() {
      blockNext = true;
    }

    void awaitBlocked() throws InterruptedException {
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    }

    void release() {
      release.countDown();
    }

    void failNextWrite() {
      failNext = true;
    }

    @Override
    public int write(List<JobWrite> writes) {
      if (blockNext) {
        blockNext = false;
        entered.countDown();
        try {
          release.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (failNext) {
        failNext = false;
        throw new IllegalStateException("disk full");
      }
      batches.add(List.copyOf(writes));
      return writes.size();
    }

    @Override
    public Set<String> removedIds() {
      return Set.of();
    }

    @Override
    public int forgetRemovedBefore(long micros) {
      return 0;
    }

    @Override
    public List<Job> loadAll() {
      return List.of();
    }

    @Override
    public Set<String> ids() {
      return Set.of();
    }

    @Override
    public List<Job> load(java.util.Collection<String> ids) {
      return List.of();
    }

    @Override
    public List<Job> aheadOf(java.util.Map<String, Job> others) {
      return List.of();
    }

    @Override
    public Set<String> removedAmong(java.util.Collection<String> ids) {
      return Set.of();
    }

    @Override
    public void close() {}
  }
}
