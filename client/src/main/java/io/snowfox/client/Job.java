package io.snowfox.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A job as the API shows it: {@code "job"} of {@code GET /v1/jobs/{id}}, the items of
 * {@code GET /v1/jobs}.
 *
 * @param id its name and a suffix of 8 hex digits
 * @param name the spec's name
 * @param namespace the namespace it runs in
 * @param state {@link #PENDING}, {@link #RUNNING}, {@link #COMPLETE}, {@link #FAILED} or
 *     {@link #STOPPED}; a newer API may add states
 * @param reason why it failed; empty otherwise
 * @param submittedAt when the API accepted it
 * @param endedAt when it reached a final state; null before
 * @param submittedWithCorrelationId the correlation id of its submit
 * @param spec its spec with every default filled in
 * @param instances its instances, by index
 */
public record Job(String id, String name, String namespace, String state, String reason,
    Instant submittedAt, Instant endedAt, String submittedWithCorrelationId, JobSpecView spec,
    List<Instance> instances) {

  /** An instance waits to start. */
  public static final String PENDING = "pending";
  public static final String RUNNING = "running";
  /** Every instance exited 0. */
  public static final String COMPLETE = "complete";
  /** Every instance ended and one did not succeed. */
  public static final String FAILED = "failed";
  /** A user stopped it. */
  public static final String STOPPED = "stopped";
  /** The states nothing comes after. */
  public static final Set<String> FINAL_STATES = Set.of(COMPLETE, FAILED, STOPPED);

  public Job {
    spec = spec == null ? JobSpecView.NONE : spec;
    instances = Json.list(instances);
  }

  /** True once the job is in a final state. */
  public boolean ended() {
    return FINAL_STATES.contains(state);
  }
}
