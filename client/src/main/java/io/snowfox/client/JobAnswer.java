package io.snowfox.client;

import java.util.Objects;

/**
 * The answer of {@code GET} and {@code DELETE /v1/jobs/{id}}: the job, as the stop left it for a
 * {@code DELETE}.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param job the job
 */
public record JobAnswer(String correlationId, Job job) {

  public JobAnswer {
    Objects.requireNonNull(job, "job");
  }
}
