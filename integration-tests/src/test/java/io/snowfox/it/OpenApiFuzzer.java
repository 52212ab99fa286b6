package io.snowfox.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Requests generated from an OpenAPI document: for each operation a valid request (the
 * schema's first example, or values its schemas allow), then that request spoiled one way at a
 * time (each path and query value replaced by junk, huge or wrongly typed values, unknown
 * parameters, bad headers; for a body, each required field left out, unknown fields, each
 * field of a wrong type or junk, malformed and oversized bodies, other content types), then a
 * few spoiled several ways at once, picked by a seeded {@link Random}: the same seed gives the
 * same requests.
 */
final class OpenApiFuzzer {

  static final List<String> MALFORMED_JSON = List.of("", " ", "{", "}", "[]", "null", "true",
      "\"text\"", "42", "{\"name\":}", "{\"name\" \"x\"}", "{'name': 'x'}", "{\"name\":\"x\",}",
      "{\"name\":\"x\"} trailing", "{\"name\":\"x\"}{\"name\":\"y\"}",
      "{\"name\":\"x\",\"name\":\"y\"}", "{\"name\":NaN}", "{\"name\":\"\\ud800\"}",
      "{\"name\":\"\\u0000\"}", "\uFEFF{}", "[".repeat(5_000) + "]".repeat(5_000),
      "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000));
  static final List<String> MALFORMED_YAML = List.of("a: &a [*a, *a]\n", "--- {}\n--- {}\n",
      "name: [unclosed\n", "!!binary aGk=\n", "? [complex, key]\n: v\n", "\t- tab\n",
      "name: x\nname: y\n", "*undefined\n", "%YAML 9.9\n---\na: 1\n", "{{{{");
  static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
      "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
      "application/json; charset=utf-16", "application/json; charset=bogus", "application/",
      "*/*", ";;;", "application/json" + ";x=y".repeat(200));

  /** One request: what it is, and its parts. */
  record Request(String label, String method, String target, Map<String, String> headers,
      byte[] body) {

    /** The whole request as bytes, presenting {@code token} to {@code 127.0.0.1:port}. */
    byte[] encode(int port, String token) {
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Authorization: Bearer ").append(token).append("\r\n")
          .append("Connection: close\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value)
          .append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        bytes.writeBytes(body);
      }
      return bytes.toByteArray();
    }

    @Override
    public String toString() {
      String shown = target.length() > 160 ? target.substring(0, 160) + "..." : target;
      return label + ": " + method + " " + shown;
    }
  }

  /** A request generated for an operation. */
  record Case(OpenApiDocument.Operation operation, Request request) {}

  /** A request being built: its path values, query, headers and body. */
  private record Draft(Map<String, String> path, List<String[]> query,
      Map<String, String> headers, byte[] body) {

    Draft copy() {
      List<String[]> query = new ArrayList<>();
      this.query.forEach(pair -> query.add(pair.clone()));
      return new Draft(new LinkedHashMap<>(path), query, new LinkedHashMap<>(headers), body);
    }

    Draft withBody(String contentType, byte[] newBody) {
      Draft draft = copy();
      if (contentType == null) {
        draft.headers.remove("Content-Type");
      } else {
        draft.headers.put("Content-Type", contentType);
      }
      return new Draft(draft.path, draft.query, draft.headers, newBody);
    }
  }

  /** A way to spoil a request, with its name. */
  private record Spoiler(String label, UnaryOperator<Draft> apply) {}

  private final OpenApiDocument document;
  private final SchemaValues values;
  private final Map<String, String> ids;
  private final Random random;
  private final int mixedPerOperation;

  /**
   * @param ids an existing id for each collection a path names ({@code jobs}, {@code nodes},
   *     {@code tokens}, {@code traces}), so that valid requests reach something
   */
  OpenApiFuzzer(OpenApiDocument document, Map<String, String> ids, long seed,
      int mixedPerOperation) {
    this.document = document;
    this.ids = ids;
    this.random = new Random(seed);
    this.values = new SchemaValues(document, random);
    this.mixedPerOperation = mixedPerOperation;
  }

  /** Every request for every operation, in the document's order. */
  List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (OpenApiDocument.Operation operation : document.operations()) {
      Draft valid = valid(operation);
      List<Spoiler> spoilers = spoilers(operation, valid);
      cases.add(new Case(operation, request(operation, "valid", valid)));
      for (Spoiler spoiler : spoilers) {
        cases.add(new Case(operation, request(operation, spoiler.label(),
            spoiler.apply().apply(valid.copy()))));
      }
      for (int i = 0; i < mixedPerOperation && spoilers.size() > 1; i++) {
        Draft draft = valid.copy();
        List<String> labels = new ArrayList<>();
        for (int k = 2 + random.nextInt(3); k > 0; k--) {
          Spoiler spoiler = spoilers.get(random.nextInt(spoilers.size()));
          draft = spoiler.apply().apply(draft);
          labels.add(spoiler.label());
        }
        cases.add(new Case(operation, request(operation, "mixed " + labels, draft)));
      }
    }
    return cases;
  }

  private Request request(OpenApiDocument.Operation operation, String label, Draft draft) {
    String path = operation.path();
    for (Map.Entry<String, String> value : draft.path().entrySet()) {
      path = path.replace("{" + value.getKey() + "}", value.getValue());
    }
    StringBuilder target = new StringBuilder(path);
    for (int i = 0; i < draft.query().size(); i++) {
      String[] pair = draft.query().get(i);
      target.append(i == 0 ? '?' : '&').append(pair[0]);
      if (pair[1] != null) {
        target.append('=').append(pair[1]);
      }
    }
    return new Request(operation.id() + " " + label,
        operation.method().toUpperCase(Locale.ROOT), target.toString(), draft.headers(),
        draft.body());
  }

  /** The operation called as its document says: every path value, no option, a valid body. */
  private Draft valid(OpenApiDocument.Operation operation) {
    Map<String, String> path = new LinkedHashMap<>();
    // "/v1/jobs/{id}" is of the collection "jobs"; "/metrics" of none.
    String[] segments = operation.path().split("/");
    String collection = segments.length > 2 ? segments[2] : "";
    for (JsonObject parameter : operation.parameters("path")) {
      path.put(parameter.getString("name"), SchemaValues.encode(ids.getOrDefault(collection, "fuzz")));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    byte[] body = null;
    JsonObject schema = bodySchema(operation);
    if (schema != null) {
      headers.put("Content-Type", "application/json");
      body = bytes(values.validValue(schema));
    }
    return new Draft(path, new ArrayList<>(), headers, body);
  }

  private JsonObject bodySchema(OpenApiDocument.Operation operation) {
    if (operation.requestBody() == null) {
      return null;
    }
    JsonObject json = operation.requestBody().getJsonObject("content")
        .getJsonObject("application/json");
    return json == null ? null : document.resolve(json.getJsonObject("schema"));
  }

  private List<Spoiler> spoilers(OpenApiDocument.Operation operation, Draft valid) {
    List<Spoiler> spoilers = new ArrayList<>();
    for (JsonObject parameter : operation.parameters("path")) {
      String name = parameter.getString("name");
      for (String value : badValues(schema(parameter))) {
        spoilers.add(new Spoiler("path " + name + "=" + shorten(value), draft -> {
          draft.path().put(name, value);
          return draft;
        }));
      }
    }
    for (JsonObject parameter : operation.parameters("query")) {
      String name = parameter.getString("name");
      JsonObject schema = schema(parameter);
      for (String value : badValues(schema)) {
        spoilers.add(new Spoiler("query " + name + "=" + shorten(value), draft -> {
          draft.query().add(new String[] {name, value});
          return draft;
        }));
      }
      String good = SchemaValues.encode(String.valueOf(values.validParameter(schema)));
      spoilers.add(new Spoiler("query " + name + " twice", draft -> {
        draft.query().add(new String[] {name, good});
        draft.query().add(new String[] {name, "%zz" + good});
        return draft;
      }));
      spoilers.add(new Spoiler("query " + name + " without a value", draft -> {
        draft.query().add(new String[] {name, null});
        return draft;
      }));
    }
    for (String[] unknown : List.of(new String[] {"fuzz", "1"}, new String[] {"%zz", "1"},
        new String[] {"", ""}, new String[] {"&&", null}, new String[] {"a", "%"},
        new String[] {SchemaValues.HUGE, "1"})) {
      spoilers.add(new Spoiler("unknown query " + shorten(unknown[0]), draft -> {
        draft.query().add(unknown);
        return draft;
      }));
    }
    for (JsonObject parameter : operation.parameters("header")) {
      String name = parameter.getString("name");
      for (String value : List.of("", " ", "bad id", "a".repeat(129), "\u00e9t\u00e9", SchemaValues.HUGE,
          "text/event-stream", "*/*", "junk/junk;;;q=x", "-leading-dash")) {
        spoilers.add(new Spoiler("header " + name + "=" + shorten(value), draft -> {
          draft.headers().put(name, value);
          return draft;
        }));
      }
    }
    JsonObject schema = bodySchema(operation);
    if (schema != null) {
      bodySpoilers(schema, valid, spoilers);
    } else {
      spoilers.add(new Spoiler("an unexpected body", draft ->
          draft.withBody("application/json", bytes("{\"fuzz\": true}"))));
    }
    return spoilers;
  }

  private void bodySpoilers(JsonObject schema, Draft valid, List<Spoiler> spoilers) {
    JsonObject example = new JsonObject(new String(valid.body(), StandardCharsets.UTF_8));
    JsonArray required = schema.getJsonArray("required", new JsonArray());
    for (Object field : required) {
      spoilers.add(body("without " + field, example, copy -> copy.remove((String) field)));
    }
    spoilers.add(body("an unknown field", example, copy -> copy.put("fuzz_unknown", 1)));
    spoilers.add(body("an empty object", example, copy -> copy.clear()));
    JsonObject properties = schema.getJsonObject("properties", new JsonObject());
    for (String name : properties.fieldNames()) {
      JsonObject property = document.resolve(properties.getJsonObject(name));
      for (Object value : values.wrongValues(property)) {
        spoilers.add(body(name + "=" + shorten(String.valueOf(value)), example,
            copy -> copy.put(name, value)));
      }
      JsonObject nested = property.getJsonObject("properties");
      if (nested != null) {
        spoilers.add(body(name + " with an unknown field", example,
            copy -> copy.put(name, new JsonObject().put("fuzz_unknown", 1))));
        for (String inner : nested.fieldNames()) {
          for (Object value : values.wrongValues(document.resolve(nested.getJsonObject(inner)))) {
            spoilers.add(body(name + "." + inner + "=" + shorten(String.valueOf(value)), example,
                copy -> copy.put(name, new JsonObject().put(inner, value))));
          }
        }
      }
    }
    for (String malformed : MALFORMED_JSON) {
      spoilers.add(new Spoiler("malformed JSON " + shorten(malformed),
          draft -> draft.withBody("application/json", bytes(malformed))));
    }
    spoilers.add(new Spoiler("invalid UTF-8", draft -> draft.withBody("application/json",
        new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"',
            '}'})));
    for (String yaml : MALFORMED_YAML) {
      spoilers.add(new Spoiler("malformed YAML " + shorten(yaml),
          draft -> draft.withBody("application/yaml", bytes(yaml))));
    }
    spoilers.add(new Spoiler("the body as YAML", draft -> draft.withBody("application/yaml",
        draft.body())));
    for (String type : CONTENT_TYPES) {
      spoilers.add(new Spoiler("Content-Type " + shorten(type),
          draft -> draft.withBody(type, draft.body())));
    }
    spoilers.add(new Spoiler("no Content-Type", draft -> draft.withBody(null, draft.body())));
    spoilers.add(new Spoiler("no body", draft -> draft.withBody("application/json", null)));
    spoilers.add(body("a body over 1 MiB", example,
        copy -> copy.put("fuzz_padding", "p".repeat((1 << 20) + 1))));
  }

  private Spoiler body(String label, JsonObject example, java.util.function.Consumer<JsonObject>
      change) {
    return new Spoiler("body " + label, draft -> {
      JsonObject copy = example.copy();
      change.accept(copy);
      return draft.withBody(draft.headers().getOrDefault("Content-Type", "application/json"),
          bytes(copy.encode()));
    });
  }

  /** A parameter's schema, resolved. */
  private JsonObject schema(JsonObject parameter) {
    return document.resolve(parameter.getJsonObject("schema", new JsonObject()));
  }

  /** Path or query values a parameter with {@code schema} should not take, encoded. */
  private List<String> badValues(JsonObject schema) {
    List<String> bad = new ArrayList<>();
    SchemaValues.JUNK.forEach(value -> bad.add(SchemaValues.encode(value)));
    bad.addAll(SchemaValues.RAW);
    bad.add(SchemaValues.HUGE);
    for (Object wrong : values.wrongValues(schema)) {
      bad.add(SchemaValues.encode(String.valueOf(wrong)));
    }
    return bad.stream().distinct().toList();
  }

  private static byte[] bytes(Object value) {
    String text = value instanceof String s ? s
        : value instanceof JsonObject o ? o.encode() : String.valueOf(value);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String shorten(String value) {
    String printable = value.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
    return printable.length() > 40 ? printable.substring(0, 40) + "...(" + value.length() + ")"
        : printable;
  }
}
