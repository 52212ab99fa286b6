package io.snowfox.bench;

import io.snowfox.client.ApiException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A burst (issue 8): many {@code /bin/true} jobs submitted by several clients as fast as they
 * are answered, none waiting for a job to end. A 429 or 503 with {@code Retry-After} is sent
 * again after that delay with the same {@code X-Correlation-Id}, so that a submit the manager
 * did accept is answered with its job rather than doubled. Then every acknowledged job must
 * end complete, once, and no other job may exist but those of submits the client gave up on.
 */
final class BurstBench {

  static final String NAME = "bench-burst";
  static final String NODE_DIR = "burst-node";
  static final Duration POLL = Duration.ofSeconds(1);

  /**
   * What the clients were answered and what the node then held.
   *
   * @param answers every answer, retries included, by status ("201", "503", ...), and client
   *     failures ("client timeout", "connection error")
   * @param retries submits sent again after a 429 or 503 with Retry-After
   * @param refusedWithoutRetryAfter 429 or 503 answers without Retry-After (given up)
   * @param acknowledged submits answered 201
   * @param abandoned correlation ids of submits given up on (timeout, error, other status)
   * @param submitting first submit to the last answer
   * @param ended first submit to the look that saw every acknowledged job ended, or null
   * @param verdict what the node held at the end
   */
  record Result(int jobs, int clients, Duration green, Map<String, Long> answers, long retries,
      long refusedWithoutRetryAfter, int acknowledged, List<String> abandoned,
      Duration submitting, Duration ended, BurstCheck.Verdict verdict, Memory memory) {

    double submitsPerSecond() {
      return acknowledged * 1e9 / Math.max(1, submitting.toNanos());
    }

    double completionsPerSecond() {
      return ended == null ? 0 : verdict.complete() * 1e9 / Math.max(1, ended.toNanos());
    }
  }

  /** The node's PSS (daemon and every descendant), KiB: before, highest sample, after. */
  record Memory(long beforeKib, long peakKib, long afterKib, int samples) {}

  private final BenchOptions options;
  private final Processes processes;
  private final Path workDir;

  BurstBench(BenchOptions options, Processes processes, Path workDir) {
    this.options = options;
    this.processes = processes;
    this.workDir = workDir;
  }

  Result run() throws Exception {
    NodeBench nodes = new NodeBench(options, processes, workDir,
        "bench-burst-" + ProcessHandle.current().pid());
    long launched = System.nanoTime();
    NodeBench.Node node = nodes.startGreen(NODE_DIR);
    Duration green = Duration.ofNanos(System.nanoTime() - launched);
    ProcessHandle daemon = node.daemon().toHandle();
    try (PssSampler memory = new PssSampler(daemon)) {
      Path data = node.dir().resolve("data");
      JobsApi api = new JobsApi(node.api(), data);
      long start = System.nanoTime();
      Clients clients = new Clients(api);
      clients.submitAll();
      Duration submitting = Duration.ofNanos(System.nanoTime() - start);
      BenchMain.say("burst: " + clients.acknowledged.size() + " of " + options.burstJobs
          + " acknowledged in " + submitting.toMillis() + " ms; answers " + clients.answers
          + ", " + clients.retries + " retries");
      Duration ended = awaitEnded(api, clients.acknowledged.keySet(), start);
      BurstCheck.Verdict verdict = new BurstCheck(NAME, clients.acknowledged,
          Set.copyOf(clients.abandoned)).judge(api.jobs(null), data.resolve("logs"));
      Map<String, Long> answers = new TreeMap<>();
      clients.answers.forEach((status, count) -> answers.put(status, count.get()));
      return new Result(options.burstJobs, options.burstClients, green, answers,
          clients.retries.get(), clients.refusedWithoutRetryAfter.get(),
          clients.acknowledged.size(), List.copyOf(clients.abandoned), submitting, ended,
          verdict, memory.finish());
    } finally {
      Processes.Stop stop = processes.stop(daemon, NodeBench.STOP_GRACE);
      BenchMain.say("burst: node stopped in " + stop.elapsed().toMillis() + " ms");
    }
  }

  /**
   * Looks every {@link #POLL} until none of {@code acknowledged} is pending or running; the
   * time since {@code startNanos}, or null when some were still active after the bound.
   */
  private Duration awaitEnded(JobsApi api, Set<String> acknowledged, long startNanos)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.burstWaitSeconds);
    long active = -1;
    while (System.nanoTime() < deadline) {
      long look = System.nanoTime();
      try {
        Set<String> ids = api.activeIds();
        active = acknowledged.stream().filter(ids::contains).count();
        if (active == 0) {
          return Duration.ofNanos(System.nanoTime() - startNanos);
        }
      } catch (IOException e) {
        BenchMain.say("burst: a look failed: " + e.getMessage());
      }
      Series.sleepUntil(look + POLL.toNanos());
    }
    BenchMain.say("burst: " + active + " jobs still pending or running after "
        + options.burstWaitSeconds + " s");
    return null;
  }

  /** The client threads and what they were answered. */
  private final class Clients {
    final JobsApi api;
    final AtomicInteger next = new AtomicInteger();
    final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong refusedWithoutRetryAfter = new AtomicLong();
    /** Job id to the correlation id of its submit. */
    final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    final List<String> abandoned = java.util.Collections.synchronizedList(new ArrayList<>());
    final String prefix = "burst-" + ProcessHandle.current().pid() + "-";

    Clients(JobsApi api) {
      this.api = api;
    }

    void submitAll() throws InterruptedException {
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < options.burstClients; c++) {
        Thread thread = new Thread(this::submitUntilDone, "burst-client-" + c);
        thread.start();
        threads.add(thread);
      }
      for (Thread thread : threads) {
        thread.join();
      }
    }

    private void submitUntilDone() {
      JsonObject spec = JobsApi.spec(NAME, SnowfoxJobBench.TRUE);
      for (int i = next.getAndIncrement(); i < options.burstJobs; i = next.getAndIncrement()) {
        try {
          submit(spec, prefix + i);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    /** One submit, sent again while it is answered 429 or 503 with Retry-After. */
    private void submit(JsonObject spec, String correlationId) throws InterruptedException {
      while (true) {
        ApiException refused;
        try {
          String id = api.post(spec, correlationId).id();
          count("201");
          acknowledged.put(id, correlationId);
          return;
        } catch (JobsApi.Failure e) {
          refused = e.error();
        } catch (IOException e) {
          count("connection error");
          abandoned.add(correlationId);
          return;
        }
        int status = refused.httpStatus();
        if (status == 0) {
          count(refused.code().equals(ApiException.TIMEOUT) ? "client timeout"
              : "connection error");
          abandoned.add(correlationId);
          return;
        }
        count(status == 503 ? "503 " + whyUnavailable(refused.getMessage())
            : Integer.toString(status));
        Optional<Duration> retryAfter = refused.retryAfter();
        if ((status == 429 || status == 503) && retryAfter.isPresent()) {
          retries.incrementAndGet();
          Thread.sleep(retryAfter.get().toMillis());
          continue;
        }
        if (status == 429 || status == 503) {
          refusedWithoutRetryAfter.incrementAndGet();
        }
        BenchMain.say("burst: submit " + correlationId + " answered " + status + " "
            + refused.code() + ": " + refused.getMessage());
        abandoned.add(correlationId);
        return;
      }
    }

    private void count(String what) {
      answers.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }
  }

  /**
   * Which 503 of the API's this is, by its message: its own bound on submits waiting for the
   * manager, or the manager's silence past the API's deadline.
   */
  private static String whyUnavailable(String message) {
    return message.contains("submits waiting for the manager") ? "(API's bound)"
        : message.contains("no answer to SubmitJobRequest") ? "(manager's deadline)"
        : "(other)";
  }

  /** Reads the node's PSS every second on a thread of its own, from its creation on. */
  private static final class PssSampler implements AutoCloseable {
    private final ProcessHandle daemon;
    private final long before;
    private final AtomicLong peak = new AtomicLong();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;

    PssSampler(ProcessHandle daemon) throws IOException {
      this.daemon = daemon;
      this.before = ProcMemory.pssKib(ProcMemory.node(daemon));
      peak.set(before);
      thread = new Thread(this::sample, "burst-pss");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          peak.accumulateAndGet(ProcMemory.pssKib(ProcMemory.node(daemon)), Math::max);
          samples.incrementAndGet();
          Thread.sleep(1_000);
        } catch (InterruptedException e) {
          return;
        } catch (IOException e) {
          // a process of the node that was being read ended: the next sample reads the rest
        }
      }
    }

    /** Stops sampling and reads the memory once more. */
    Memory finish() throws IOException, InterruptedException {
      close();
      long after = ProcMemory.pssKib(ProcMemory.node(daemon));
      return new Memory(before, Math.max(peak.get(), after), after, samples.get());
    }

    @Override
    public void close() throws InterruptedException {
      thread.interrupt();
      thread.join(5_000);
    }
  }
}
