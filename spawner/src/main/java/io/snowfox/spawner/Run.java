package io.snowfox.spawner;

import java.time.Instant;

/**
 * One run of a job instance on this spawner: a process group led by {@code pid}.
 *
 * <p>Its flags are written by the spawner's callbacks and read by request handlers, possibly on
 * other event-loop threads: they are volatile.
 */
final class Run {

  final String runId;
  final String jobId;
  final int index;
  final long pid;
  final Instant startedAt;
  final String command;
  /** True when the run was found alive by a restarted spawner: its exit status is unknown. */
  final boolean adopted;
  /** Correlation id of the request that started the run; its exit report carries it too. */
  final String correlationId;
  /** Span of the StartProcess that started the run: the parent of its exit report's span. */
  volatile String startSpanId;

  volatile boolean running = true;
  /** Set once the manager acknowledged the run's exit; the run is then forgotten. */
  volatile boolean exitReported;
  /** True when the run's group is known gone (an adopted run found dead): never signal it. */
  volatile boolean groupGone;

  Run(String runId, String jobId, int index, long pid, Instant startedAt, String command,
      boolean adopted, String correlationId) {
    this.runId = runId;
    this.jobId = jobId;
    this.index = index;
    this.pid = pid;
    this.startedAt = startedAt;
    this.command = command;
    this.adopted = adopted;
    this.correlationId = correlationId;
  }

  io.vertx.core.json.JsonObject toJson() {
    return new io.vertx.core.json.JsonObject()
        .put("run_id", runId).put("job_id", jobId).put("index", index).put("pid", pid)
        .put("started_at", startedAt.toString()).put("command", command)
        .put("correlation_id", correlationId);
  }

  static Run fromJson(io.vertx.core.json.JsonObject json, boolean adopted) {
    return new Run(json.getString("run_id"), json.getString("job_id"), json.getInteger("index"),
        json.getLong("pid"), Instant.parse(json.getString("started_at")),
        json.getString("command"), adopted, json.getString("correlation_id", ""));
  }
}
