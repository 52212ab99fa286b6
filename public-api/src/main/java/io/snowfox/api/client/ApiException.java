package io.snowfox.api.client;

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

  public ApiException(int httpStatus, String code, String message, String correlationId,
      Throwable cause) {
    super(message, cause);
    this.httpStatus = httpStatus;
    this.code = code;
    this.correlationId = correlationId == null ? "" : correlationId;
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
}
