package io.snowfox.client;

import java.util.List;

/**
 * The answer of {@code GET /v1/jobs}: one page of the jobs, in the order they were submitted.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param jobs the jobs
 * @param next the cursor of the next page, to send as {@code after}; null when this page holds
 *     the last job
 */
public record JobList(String correlationId, List<Job> jobs, String next) {

  public JobList {
    jobs = Json.list(jobs);
    next = next == null || next.isEmpty() ? null : next;
  }

  /** Whether a page follows this one. */
  public boolean hasNext() {
    return next != null;
  }
}
