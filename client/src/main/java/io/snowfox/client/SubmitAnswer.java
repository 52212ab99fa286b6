package io.snowfox.client;

/**
 * The answer of {@code POST /v1/jobs}: a job accepted.
 *
 * @param correlationId the id of the request, to follow it with {@code GET /v1/traces/{id}}
 * @param id the new job's id
 */
public record SubmitAnswer(String correlationId, String id) {}
