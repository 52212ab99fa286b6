package io.snowfox.client;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the client reads the API's JSON into its records: {@code snake_case} names, unknown
 * fields ignored (a newer API may add some), absent or null strings, lists and maps read as
 * empty ones, ISO-8601 times as {@link Instant} (null when absent, null or empty).
 */
final class Json {

  private static final JsonSetter.Value NULL_AS_EMPTY =
      JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY);

  static final JsonMapper MAPPER = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .withConfigOverride(String.class, o -> o.setSetterInfo(NULL_AS_EMPTY))
      .withConfigOverride(List.class, o -> o.setSetterInfo(NULL_AS_EMPTY))
      .withConfigOverride(Map.class, o -> o.setSetterInfo(NULL_AS_EMPTY))
      .addModule(new SimpleModule("snowfox-client").addDeserializer(Instant.class,
          new InstantDeserializer()))
      .build();

  private Json() {}

  /** The JSON object of {@code body}; null when it is not one. */
  static ObjectNode object(byte[] body) {
    try {
      return MAPPER.readTree(body) instanceof ObjectNode object ? object : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code json} read into {@code type}; IllegalArgumentException when it does not fit. */
  static <T> T read(JsonNode json, Class<T> type) {
    try {
      return MAPPER.treeToValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a " + type.getSimpleName() + ": "
          + e.getOriginalMessage(), e);
    }
  }

  static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value + " as JSON", e);
    }
  }

  /** A copy of {@code list} nobody can change; empty for null. */
  static <T> List<T> list(List<T> list) {
    return list == null ? List.of() : List.copyOf(list);
  }

  /** A copy of {@code map} nobody can change, in the same order (the API sorts its maps). */
  static <K, V> Map<K, V> map(Map<K, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** {@code text} or the empty string. */
  static String text(String text) {
    return text == null ? "" : text;
  }

  /** Reads the API's times, {@code 2030-01-01T10:00:00.123456Z}; empty text is no time. */
  private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
    private static final long serialVersionUID = 1L;

    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      String text = parser.getText().trim();
      if (text.isEmpty()) {
        return null;
      }
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        return (Instant) context.handleWeirdStringValue(Instant.class, text,
            "not an ISO-8601 time");
      }
    }
  }
}
