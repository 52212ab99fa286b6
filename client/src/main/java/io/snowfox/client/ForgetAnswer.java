package io.snowfox.client;

/**
 * The answer of {@code DELETE /v1/nodes/{id}}: a node forgotten.
 *
 * @param correlationId the id of the request, to find it in the logs
 * @param nodeId the node
 * @param forgotten true
 */
public record ForgetAnswer(String correlationId, String nodeId, boolean forgotten) {}
