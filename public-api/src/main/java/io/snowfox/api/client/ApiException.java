package io.snowfox.api.client;

import java.util.List;

/**
 * An error answer of the API, or no answer at all.
 *
 * <p>{@code httpStatus} is 0 when the API could not be reached.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final String code;
  private final String correlationId;
  private final List<String> fields;

  public ApiException(int httpStatus, String code, String message, String correlationId,
      Throwable cause) {
    this(httpStatus, code, message, correlationId, List.of(), cause);
  }

  public ApiException(int httpStatus, String code, String message, String correlationId,
      List<String> fields, Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
    this.correlationId = correlationId == null ? "" : correlationId;
    this.fields = List.copyOf(fields);
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The error code of the body, such as NOT_FOUND or UNREACHABLE. */
  public String code() {
    return code;
  }

  public String correlationId() {
    return correlationId;
  }

  /** What is wrong with each field of a refused job spec ("field: problem"); empty otherwise. */
  public List<String> fields() {
    return fields;
  }
}
