package io.snowfox.client;

import java.util.Objects;

/**
 * The answer of {@code GET /v1/nodes/{id}}.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param scheduling the leader and its epoch, or why the node carries no scheduling
 * @param node the node
 */
public record NodeAnswer(String correlationId, Scheduling scheduling, Node node) {

  public NodeAnswer {
    scheduling = scheduling == null ? Scheduling.NONE : scheduling;
    Objects.requireNonNull(node, "node");
  }
}
