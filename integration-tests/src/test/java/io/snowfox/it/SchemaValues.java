package io.snowfox.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Values for the schemas of an OpenAPI document: one each schema allows, to build a valid
 * request, and those it does not (other types, junk, huge strings, numbers out of range), to
 * spoil one.
 */
final class SchemaValues {

  /** Values that no id, name or number should be, before percent-encoding. */
  static final List<String> JUNK = List.of("", " ", ".", "..", "../..", "a/b", "\u0000", "\t",
      "\u00e9", "\uD83E\uDD8A", "\u202Eevil", "'; DROP TABLE jobs; --", "<script>x</script>",
      "${jndi:ldap://127.0.0.1/x}", "%s%n", "-1", "0", "99999999999999999999", "1.5", "1e309",
      "NaN", "true", "null", "[]", "{}", "*", "\r\nX-Injected: 1", "a".repeat(300));
  /** Escapes sent as they are: malformed, or decoding to something odd. */
  static final List<String> RAW = List.of("%zz", "%", "%0", "%00", "%ff", "%C0%AF", "%2e%2e",
      "%2F", "%E2%80%AE", ";a=b", "a%20b");
  /** Longer than a request line or header may be (4 KiB, 8 KiB). */
  static final String HUGE = "h".repeat(10_000);
  /** Longer than a spec string may be (256 Ki characters). */
  static final String HUGE_FIELD = "f".repeat(300_000);


  private final OpenApiDocument document;
  private final Random random;

  /** {@code random} picks the junk among {@link #JUNK} that a string field gets. */
  SchemaValues(OpenApiDocument document, Random random) {
    this.document = document;
    this.random = random;
  }

  /**
   * JSON values that break {@code schema}: each type it does not allow, junk and huge strings
   * where it takes strings, numbers out of range where it takes numbers, a value outside an
   * enum.
   */
  List<Object> wrongValues(JsonObject schema) {
    List<String> types = types(schema);
    List<Object> values = new ArrayList<>();
    if (!types.contains("string")) {
      values.add("fuzz");
    }
    if (!types.contains("integer") && !types.contains("number")) {
      values.add(-1);
    }
    if (!types.contains("boolean")) {
      values.add(true);
    }
    if (!types.contains("array")) {
      values.add(new JsonArray().add(1).add(new JsonArray().add("two")));
    }
    if (!types.contains("object")) {
      values.add(new JsonObject().put("fuzz", new JsonObject().put("deeper", 1)));
    }
    values.add(null);
    if (types.contains("string")) {
      values.add("");
      values.add("\u0000\u202E\uD83E\uDD8A");
      values.add("../../etc/passwd");
      values.add(JUNK.get(random.nextInt(JUNK.size())));
      values.add(HUGE_FIELD);
      if (schema.containsKey("enum")) {
        values.add(String.valueOf(schema.getJsonArray("enum").getValue(0))
            .toUpperCase(Locale.ROOT) + "-NOT");
      }
    }
    if (types.contains("integer") || types.contains("number")) {
      values.add(-1);
      values.add(1.5);
      values.add(1e300);
      values.add(new BigInteger("9223372036854775808"));
      values.add(new BigInteger("-9223372036854775809"));
      values.add(Integer.MAX_VALUE + 1L);
    }
    if (types.contains("array")) {
      values.add(new JsonArray().add(new JsonObject()).add(new JsonArray()).addNull());
    }
    return values;
  }

  static List<String> types(JsonObject schema) {
    Object type = schema.getValue("type");
    if (type instanceof String one) {
      return List.of(one);
    }
    if (type instanceof JsonArray many) {
      return many.stream().map(String::valueOf).toList();
    }
    return schema.containsKey("enum") ? List.of("string") : List.of();
  }

  /** A value {@code schema} allows: its first example, enum value, or one made up. */
  Object validValue(JsonObject schema) {
    JsonArray examples = schema.getJsonArray("examples");
    if (examples != null && !examples.isEmpty()) {
      return examples.getValue(0);
    }
    if (schema.containsKey("enum")) {
      return schema.getJsonArray("enum").getValue(0);
    }
    List<String> types = types(schema);
    String type = types.isEmpty() ? "object" : types.get(0);
    switch (type) {
      case "object": {
        JsonObject value = new JsonObject();
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        for (Object name : schema.getJsonArray("required", new JsonArray())) {
          value.put((String) name, validValue(document.resolve(
              properties.getJsonObject((String) name, new JsonObject()))));
        }
        return value;
      }
      case "array":
        return new JsonArray();
      case "integer":
      case "number":
        return schema.getInteger("minimum", 0);
      case "boolean":
        return false;
      default:
        return "fuzz";
    }
  }

  Object validParameter(JsonObject schema) {
    if ("array".equals(schema.getValue("type"))) {
      return validValue(document.resolve(schema.getJsonObject("items")));
    }
    return validValue(schema);
  }

  /** Percent-encodes every byte of {@code value}'s UTF-8 but the unreserved characters. */
  static String encode(String value) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~') {
        encoded.append(c);
      } else {
        encoded.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return encoded.toString();
  }
}
