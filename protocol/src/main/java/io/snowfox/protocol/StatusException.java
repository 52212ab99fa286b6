package io.snowfox.protocol;

import io.snowfox.protocol.v1.Status;
import io.snowfox.protocol.v1.StatusCode;

/**
 * The one failure that crosses process boundaries: a status code, a message for people and a
 * detail, plus the correlation id of the request it belongs to when known.
 */
public class StatusException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final StatusCode code;
  private final String detail;
  private final String correlationId;

  public StatusException(StatusCode code, String message) {
    this(code, message, "", "", null);
  }

  public StatusException(StatusCode code, String message, String detail) {
    this(code, message, detail, "", null);
  }

  public StatusException(StatusCode code, String message, String detail, String correlationId,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.detail = detail == null ? "" : detail;
    this.correlationId = correlationId == null ? "" : correlationId;
  }

  /** Rebuilds the exception a remote process reported in a status. */
  public static StatusException of(Status status, String correlationId) {
    return new StatusException(status.getCode(), status.getMessage(), status.getDetail(),
        correlationId, null);
  }

  public StatusCode code() {
    return code;
  }

  public String detail() {
    return detail;
  }

  public String correlationId() {
    return correlationId;
  }

  /** The status to send back to whoever asked. */
  public Status toStatus() {
    return Status.newBuilder()
        .setCode(code)
        .setMessage(getMessage() == null ? "" : getMessage())
        .setDetail(detail)
        .build();
  }

  @Override
  public String toString() {
    return code + ": " + getMessage() + (detail.isEmpty() ? "" : " (" + detail + ")");
  }
}
