package io.snowfox.client;

import java.util.Objects;

/**
 * An answer of the API both ways: read into its record, and as the API wrote it, for a caller
 * that shows or stores the API's own JSON (the CLI's {@code --json}).
 *
 * @param value the answer as its record
 * @param json the body as the API sent it, a JSON object
 * @param <T> the record
 */
public record Answer<T>(T value, String json) {

  public Answer {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(json, "json");
  }
}
