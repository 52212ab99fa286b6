package io.snowfox.it;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An OpenAPI document read for tests (Jackson, through Vert.x's {@link JsonObject}): its
 * operations with their parameters, request body and answers, local {@code $ref}s resolved.
 */
final class OpenApiDocument {

  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch",
      "head", "options", "trace");

  /** One operation: a method on a path template. */
  record Operation(String method, String path, String id, List<JsonObject> parameters,
      JsonObject requestBody, JsonObject responses) {

    /** The parameters {@code in} one place: {@code path}, {@code query} or {@code header}. */
    List<JsonObject> parameters(String in) {
      return parameters.stream().filter(p -> in.equals(p.getString("in"))).toList();
    }

    /** The answer statuses the document gives, such as {@code 200} or {@code 404}. */
    Set<Integer> statuses() {
      Set<Integer> statuses = new TreeSet<>();
      responses.fieldNames().forEach(code -> statuses.add(Integer.parseInt(code)));
      return statuses;
    }

    @Override
    public String toString() {
      return method.toUpperCase(java.util.Locale.ROOT) + " " + path + " (" + id + ")";
    }
  }

  private final JsonObject root;

  OpenApiDocument(JsonObject root) {
    this.root = root;
  }

  /** Every operation, in the document's order. */
  List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    JsonObject paths = root.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = resolve(paths.getJsonObject(path));
      for (String method : METHODS) {
        JsonObject operation = item.getJsonObject(method);
        if (operation == null) {
          continue;
        }
        List<JsonObject> parameters = new ArrayList<>();
        addAll(parameters, item.getJsonArray("parameters"));
        addAll(parameters, operation.getJsonArray("parameters"));
        JsonObject body = operation.getJsonObject("requestBody");
        operations.add(new Operation(method, path, operation.getString("operationId"),
            List.copyOf(parameters), body == null ? null : resolve(body),
            operation.getJsonObject("responses")));
      }
    }
    return operations;
  }

  private void addAll(List<JsonObject> parameters, JsonArray more) {
    if (more != null) {
      more.forEach(p -> parameters.add(resolve((JsonObject) p)));
    }
  }

  /** {@code node} itself, or what its {@code $ref} (local: {@code #/...}) points at. */
  JsonObject resolve(JsonObject node) {
    JsonObject current = node;
    for (int hops = 0; current != null && current.containsKey("$ref"); hops++) {
      if (hops > 32) {
        throw new IllegalStateException("a $ref loop at " + node.getString("$ref"));
      }
      String ref = current.getString("$ref");
      if (!ref.startsWith("#/")) {
        throw new IllegalStateException("only local $refs are read here: " + ref);
      }
      JsonObject target = root;
      for (String part : ref.substring(2).split("/")) {
        target = target.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
      }
      current = target;
    }
    return current;
  }
}
