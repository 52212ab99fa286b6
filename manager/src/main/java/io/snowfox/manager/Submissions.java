package io.snowfox.manager;

import io.snowfox.manager.jobs.JobSpecs;
import io.snowfox.protocol.Envelopes;
import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.Envelope;
import io.snowfox.protocol.v1.Instance;
import io.snowfox.protocol.v1.InstanceState;
import io.snowfox.protocol.v1.Job;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.JobState;
import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.SubmitJobResponse;
import io.snowfox.runtime.bus.Correlation;
import io.snowfox.runtime.identity.JobUsers;
import io.snowfox.runtime.security.Namespaces;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts jobs: checks the spec and who may submit it, and answers only once the job is saved
 * in the store and the cluster map. Idempotent on the request: the same spec sent again with the
 * same correlation id (a client retrying) is the job already accepted, not a second one.
 */
final class Submissions {

  private static final Logger log = LoggerFactory.getLogger(Submissions.class);

  private final Vertx vertx;
  private final JobBook book;
  private final JobUsers users;
  private final Runnable schedule;
  /** The job each submission created, by the submission's correlation id. */
  private final Map<String, String> byCorrelation = new ConcurrentHashMap<>();
  /** Jobs submitted and not saved yet: not acknowledged, so nothing of them starts. */
  private final Map<String, Future<Job>> accepting = new ConcurrentHashMap<>();

  /**
   * @param users refuses jobs as root early, at submission (each spawner checks again)
   * @param schedule asks for a scheduling pass once a job is saved
   */
  Submissions(Vertx vertx, JobBook book, JobUsers users, Runnable schedule) {
    this.vertx = vertx;
    this.book = book;
    this.users = users;
    this.schedule = schedule;
  }

  /** Remembers the submission of a job loaded at the start of a leadership. */
  void index(Job job) {
    byCorrelation.put(job.getCorrelationId(), job.getId());
  }

  /** The job the request with this correlation id made, or null. */
  Job madeBy(String correlationId) {
    String id = byCorrelation.get(correlationId);
    return id == null ? null : book.get(id);
  }

  /** Forgets the submission of a job removed for good. */
  void forget(Job job) {
    byCorrelation.remove(job.getCorrelationId(), job.getId());
  }

  /** Whether the job is still being saved (nothing of it may start yet). */
  boolean saving(String jobId) {
    return accepting.containsKey(jobId);
  }

  Future<SubmitJobResponse> submit(JobSpec submitted, Envelope envelope) {
    List<String> problems = JobSpecs.problems(submitted);
    if (!problems.isEmpty()) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
          "invalid job spec: " + String.join("; ", problems), String.join("\n", problems)));
    }
    JobSpec spec = JobSpecs.withDefaults(submitted);
    if (!Namespaces.allows(envelope.getPartnerIdsList(), spec.getNamespace())) {
      return Future.failedFuture(new StatusException(StatusCode.STATUS_CODE_FORBIDDEN,
          "this token may not submit jobs to namespace '" + spec.getNamespace() + "'"));
    }
    if (!users.checksSubmitted(spec.getUser(), spec.getGroup())) {
      return accept(spec, envelope);
    }
    // Root jobs are refused here, with 403, rather than failing later on a spawner. Only this
    // (the leading) manager's --allow-root-jobs counts here; the spawner of the node that runs
    // the job applies its own. Looking a name up may fork getent: off the event loop.
    return vertx.executeBlocking(() -> {
      users.checkSubmitted(spec.getUser(), spec.getGroup());
      return spec;
    }, false).compose(checked -> accept(checked, envelope));
  }

  private Future<SubmitJobResponse> accept(JobSpec spec, Envelope envelope) {
    Job already = book.get(byCorrelation.getOrDefault(envelope.getCorrelationId(), ""));
    if (already != null && !already.getSpec().equals(spec)) {
      already = null;
    }
    if (already != null) {
      log.info("job {} was already accepted for this request; not creating another",
          already.getId());
      // Still being saved: the retry gets the first attempt's outcome, whatever it is.
      Future<Job> saving = accepting.getOrDefault(already.getId(),
          Future.succeededFuture(already));
      return saving.map(saved -> SubmitJobResponse.newBuilder().setJobId(saved.getId()).build());
    }
    String id = newJobId(spec.getName());
    Job.Builder job = Job.newBuilder()
        .setId(id)
        .setSpec(spec)
        .setSubmittedAtMicros(Envelopes.nowMicros())
        .setCorrelationId(envelope.getCorrelationId())
        .setSubmitSpanId(submitSpanId())
        .setState(JobState.JOB_STATE_PENDING);
    for (int i = 0; i < spec.getInstances(); i++) {
      job.addInstances(Instance.newBuilder().setIndex(i)
          .setState(InstanceState.INSTANCE_STATE_PENDING));
    }
    Job created = book.create(job);
    byCorrelation.put(created.getCorrelationId(), id);
    Future<Job> saving = book.persist(created);
    if (!saving.isComplete()) {
      accepting.put(id, saving);
    }
    return saving.onComplete(done -> accepting.remove(id)).onFailure(failure -> {
      book.forget(created);
      byCorrelation.remove(created.getCorrelationId(), id);
    }).map(saved -> {
      log.info("accepted job {} ({}, {} instance(s))", id, spec.getName(), spec.getInstances());
      schedule.run();
      return SubmitJobResponse.newBuilder().setJobId(id).build();
    });
  }

  /** The span of this hop, which the job's starts name as their parent; "" outside a flow. */
  private static String submitSpanId() {
    Correlation.Scope scope = Correlation.current();
    return scope == null || scope.spanId() == null ? "" : scope.spanId();
  }

  private static String newJobId(String name) {
    String suffix = Envelopes.newId().replace("-", "").substring(0, 8);
    String base = name.length() > 40 ? name.substring(0, 40) : name;
    return base + "-" + suffix;
  }
}
