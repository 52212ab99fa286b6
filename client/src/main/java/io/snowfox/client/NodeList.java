package io.snowfox.client;

import java.util.List;

/**
 * The answer of {@code GET /v1/nodes}: every known node, whether some did not answer, and
 * whether the leading manager's view of them is in it.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param partial true when at least one node's daemon did not answer by the deadline
 * @param scheduling the leader and its epoch, or why the nodes carry no scheduling
 * @param nodes the nodes, sorted by id
 */
public record NodeList(String correlationId, boolean partial, Scheduling scheduling,
    List<Node> nodes) {

  public NodeList {
    scheduling = scheduling == null ? Scheduling.NONE : scheduling;
    nodes = Json.list(nodes);
  }
}
