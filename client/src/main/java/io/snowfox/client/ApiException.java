package io.snowfox.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An error answer of the API, or no usable answer at all.
 *
 * <p>An error answer carries its HTTP status, the error code of its body ({@code NOT_FOUND},
 * {@code FORBIDDEN}, ...), its message and the correlation id of the request, to look it up
 * with {@code snowfox trace}. When the API could not be reached or did not answer in time,
 * {@link #httpStatus()} is 0 and {@link #code()} one of the client's own codes below.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The API could not be reached (connection refused, unknown host, ...); status 0. */
  public static final String UNREACHABLE = "UNREACHABLE";
  /** The API did not answer within the client's timeout; status 0. */
  public static final String TIMEOUT = "TIMEOUT";
  /** A 2xx answer whose body is not the JSON the call expects. */
  public static final String BAD_RESPONSE = "BAD_RESPONSE";
  /** An answer that broke off while it was being read. */
  public static final String STREAM_BROKEN = "STREAM_BROKEN";

  private final int httpStatus;
  private final String code;
  private final String correlationId;
  private final List<String> fields;
  private final Duration retryAfter;

  public ApiException(int httpStatus, String code, String message, String correlationId,
      Throwable cause) {
    this(httpStatus, code, message, correlationId, List.of(), cause);
  }

  public ApiException(int httpStatus, String code, String message, String correlationId,
      List<String> fields, Throwable cause) {
    this(httpStatus, code, message, correlationId, fields, Optional.empty(), cause);
  }

  public ApiException(int httpStatus, String code, String message, String correlationId,
      List<String> fields, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
    this.correlationId = correlationId == null ? "" : correlationId;
    this.fields = List.copyOf(fields);
    this.retryAfter = retryAfter.orElse(null);
  }

  /** The HTTP status of the answer; 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The error code of the body, such as NOT_FOUND, or one of the client's own codes. */
  public String code() {
    return code;
  }

  /** The correlation id of the request; empty when the API did not answer. */
  public String correlationId() {
    return correlationId;
  }

  /** What is wrong with each field of a refused job spec ("field: problem"); empty otherwise. */
  public List<String> fields() {
    return fields;
  }

  /**
   * How long the API asked to wait before sending the request again ({@code Retry-After} in
   * seconds, on a 429 or 503); empty when it did not say.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
