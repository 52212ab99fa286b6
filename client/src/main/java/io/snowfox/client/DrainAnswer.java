package io.snowfox.client;

import java.util.Objects;

/**
 * The answer of {@code POST} and {@code DELETE /v1/nodes/{id}/drain}: the node as the leading
 * manager schedules it once the drain has started or ended.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param allocation the node's allocation
 */
public record DrainAnswer(String correlationId, Allocation allocation) {

  public DrainAnswer {
    Objects.requireNonNull(allocation, "allocation");
  }
}
