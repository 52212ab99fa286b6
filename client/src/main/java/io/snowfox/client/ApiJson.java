package io.snowfox.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Reads the API's JSON into the client's records as the client does, for JSON that came some
 * other way: a line of a followed event stream copied to a file, an answer kept from before.
 */
public final class ApiJson {

  private ApiJson() {}

  /**
   * {@code json} read into {@code type}; unknown fields are ignored.
   *
   * @throws IllegalArgumentException when it is not JSON, or does not fit {@code type}
   */
  public static <T> T read(String json, Class<T> type) {
    JsonNode tree;
    try {
      tree = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    return Json.read(tree, type);
  }
}
