package io.snowfox.protocol;

import io.snowfox.protocol.v1.StatusCode;
import io.snowfox.protocol.v1.StatusColour;

/**
 * Status codes and colours as people read them ({@code NOT_FOUND}, {@code GREEN}): the wire name
 * without its enum prefix. Shared by the daemon, the API and the CLI's answers.
 */
public final class StatusNames {

  private StatusNames() {}

  /** {@code STATUS_COLOUR_GREEN} becomes {@code GREEN}. */
  public static String of(StatusColour colour) {
    return colour.name().replaceFirst("^STATUS_COLOUR_", "");
  }

  /** {@code STATUS_CODE_NOT_FOUND} becomes {@code NOT_FOUND}. */
  public static String of(StatusCode code) {
    return code.name().replaceFirst("^STATUS_CODE_", "");
  }
}
