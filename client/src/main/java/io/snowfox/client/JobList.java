package io.snowfox.client;

import java.util.List;

/**
 * The answer of {@code GET /v1/jobs}.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param jobs the jobs
 */
public record JobList(String correlationId, List<Job> jobs) {

  public JobList {
    jobs = Json.list(jobs);
  }
}
