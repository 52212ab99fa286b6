package io.snowfox.client;

import java.util.List;

/**
 * The answer of {@code GET /v1/traces/{id}}: what happened to a request, from every node's
 * logs.
 *
 * @param correlationId the traced id (not that of this request)
 * @param partial true when some node did not answer
 * @param truncated true when more lines matched than an answer holds; the first ones are here
 * @param nodes how each node answered
 * @param entries the log lines, by time
 * @param spans the hops
 */
public record Trace(String correlationId, boolean partial, boolean truncated,
    List<TraceNode> nodes, List<TraceEntry> entries, List<Span> spans) {

  public Trace {
    nodes = Json.list(nodes);
    entries = Json.list(entries);
    spans = Json.list(spans);
  }
}
