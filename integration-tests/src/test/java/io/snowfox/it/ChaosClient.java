package io.snowfox.it;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A client that submits each job until it gets an answer, as the docs tell clients to: every
 * send of one submission carries the same {@code X-Correlation-Id} and the same spec, a 5xx or
 * a 429 is sent again after its {@code Retry-After}, and a node that does not answer at all is
 * replaced by the next node's API.
 */
final class ChaosClient {

  /** One job to submit: its tag (the job's name) and spec. */
  record Submission(int index, String tag, boolean forEver, String spec, String correlationId) {}

  /**
   * How one submission ended: {@code jobId} when acknowledged (201), else the
   * {@code refusal} (a 4xx) or neither (no answer before the deadline).
   */
  record Outcome(Submission submission, String jobId, String refusal, int sends,
      Instant firstSent, Instant answered, List<String> failedSends) {
    boolean acknowledged() {
      return jobId != null;
    }
  }

  private static final Duration PAUSE_WITHOUT_RETRY_AFTER = Duration.ofMillis(500);
  private static final int FAILED_SENDS_KEPT = 5;

  private final Supplier<List<String>> apiUrls;

  ChaosClient(Supplier<List<String>> apiUrls) {
    this.apiUrls = apiUrls;
  }

  /** {@code count} submissions tagged {@code prefix-0000...}; every other one runs for ever. */
  static List<Submission> submissions(String prefix, int count, RecordingJobs jobs) {
    List<Submission> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String tag = String.format("%s-%04d", prefix, i);
      boolean forEver = i % 2 == 1;
      all.add(new Submission(i, tag, forEver, jobs.spec(tag, forEver, 1 + i % 3).encode(),
          tag + "-" + UUID.randomUUID()));
    }
    return all;
  }

  /**
   * Sends submission {@code i} at {@code spread * i / count} from now, {@code inFlight} at a
   * time, each until it is answered or {@code deadline}; the outcome of each.
   */
  List<Outcome> submitAll(List<Submission> submissions, Duration spread, int inFlight,
      Instant deadline) throws Exception {
    Instant start = Instant.now();
    AtomicInteger next = new AtomicInteger();
    Map<Integer, Outcome> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(inFlight);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < inFlight; w++) {
        workers.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < submissions.size(); i = next.getAndIncrement()) {
            Instant due = start.plus(spread.multipliedBy(i).dividedBy(submissions.size()));
            sleepUntil(due);
            outcomes.put(i, submit(submissions.get(i), deadline));
          }
          return null;
        }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    List<Outcome> ordered = new ArrayList<>();
    for (int i = 0; i < submissions.size(); i++) {
      ordered.add(outcomes.get(i));
    }
    return ordered;
  }

  private Outcome submit(Submission submission, Instant deadline) throws InterruptedException {
    Instant first = Instant.now();
    List<String> failed = new ArrayList<>();
    int sends = 0;
    while (Instant.now().isBefore(deadline)) {
      List<String> apis = apiUrls.get();
      String api = apis.get((submission.index() + sends) % apis.size());
      sends++;
      Duration pause = PAUSE_WITHOUT_RETRY_AFTER;
      try {
        Http.Answer answer = Http.post(api + "/v1/jobs", JobApi.JSON, submission.spec(),
            submission.correlationId());
        if (answer.status() == 201) {
          return new Outcome(submission, answer.json().getString("id"), null, sends, first,
              Instant.now(), failed);
        }
        if (answer.status() < 500 && answer.status() != 429) {
          return new Outcome(submission, null, answer.status() + " " + answer.body(), sends,
              first, Instant.now(), failed);
        }
        note(failed, api + " " + answer.status() + " " + answer.body());
        pause = Duration.ofSeconds(answer.retryAfterSeconds(1));
      } catch (IOException e) {
        note(failed, api + " " + e);
      }
      sleepUntil(Instant.now().plus(pause));
    }
    return new Outcome(submission, null, null, sends, first, null, failed);
  }

  private static void note(List<String> failed, String what) {
    if (failed.size() < FAILED_SENDS_KEPT) {
      failed.add(what);
    }
  }

  private static void sleepUntil(Instant due) throws InterruptedException {
    long millis = Duration.between(Instant.now(), due).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
