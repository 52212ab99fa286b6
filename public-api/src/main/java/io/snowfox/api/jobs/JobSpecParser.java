package io.snowfox.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.snowfox.protocol.v1.Constraints;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.Resources;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import io.snowfox.runtime.config.Durations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a job spec written in JSON or YAML (the same tree) into its wire form, refusing unknown
 * fields and values of the wrong type. Every problem is reported, each naming its field.
 * Semantic rules (required fields, ranges) are the manager's, which applies them to every spec.
 *
 * <p>Any body, however malformed, large or deep, ends in a spec or an {@link
 * InvalidSpecException}, within limits set in {@link SpecDocuments}.
 */
public final class JobSpecParser {

  /** Spec problems: each element is "field: what is wrong". */
  public static final class InvalidSpecException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    InvalidSpecException(List<String> problems) {
      super("invalid job spec: " + String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** Largest spec read, in bytes; the HTTP layer refuses a larger body before reading it. */
  public static final int MAX_SPEC_BYTES = 1024 * 1024;
  /** Most problems reported for one spec; a body of a thousand unknown fields gets a summary. */
  public static final int MAX_PROBLEMS = 50;

  private static final Set<String> TOP = Set.of("name", "command", "args", "env", "workdir",
      "instances", "restart", "kill_timeout", "resources", "constraints", "user", "group",
      "namespace");
  private static final Set<String> RESTART = Set.of("policy", "max_restarts", "backoff",
      "max_backoff");
  private static final Set<String> RESOURCES = Set.of("cpu", "memory_mb");
  private static final Set<String> CONSTRAINTS = Set.of("labels");

  private JobSpecParser() {}

  /** Parses a JSON document. */
  public static JobSpec parseJson(byte[] body) {
    return parse(SpecDocuments::json, body);
  }

  /** Parses a YAML document. */
  public static JobSpec parseYaml(byte[] body) {
    return parse(SpecDocuments::yaml, body);
  }

  private static JobSpec parse(Function<byte[], JsonNode> document, byte[] body) {
    JsonNode root = document.apply(body);
    Reader reader = new Reader();
    JobSpec spec = reader.spec(root);
    List<String> problems = reader.problems;
    if (problems.size() > MAX_PROBLEMS) {
      int more = problems.size() - MAX_PROBLEMS;
      problems = new ArrayList<>(problems.subList(0, MAX_PROBLEMS));
      problems.add("... and " + more + " more");
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return spec;
  }

  /** Walks the tree, collecting problems instead of stopping at the first. */
  private static final class Reader {
    final List<String> problems = new ArrayList<>();

    JobSpec spec(JsonNode root) {
      JobSpec.Builder spec = JobSpec.newBuilder();
      unknown(root, TOP, "");
      text(root, "name", "name", spec::setName);
      text(root, "command", "command", spec::setCommand);
      strings(root.get("args"), "args", spec::addArgs);
      map(root.get("env"), "env", spec::putEnv);
      text(root, "workdir", "workdir", spec::setWorkdir);
      integer(root.get("instances"), "instances", spec::setInstances);
      duration(root.get("kill_timeout"), "kill_timeout", spec::setKillTimeoutMillis);
      text(root, "user", "user", spec::setUser);
      text(root, "namespace", "namespace", spec::setNamespace);
      text(root, "group", "group", spec::setGroup);
      JsonNode restart = object(root.get("restart"), "restart");
      if (restart != null) {
        spec.setRestart(restart(restart));
      }
      JsonNode resources = object(root.get("resources"), "resources");
      if (resources != null) {
        unknown(resources, RESOURCES, "resources.");
        Resources.Builder r = Resources.newBuilder();
        JsonNode cpu = resources.get("cpu");
        if (cpu != null && !cpu.isNull()) {
          // 1e999 reads as Infinity: no range check downstream can be trusted with it.
          if (cpu.isNumber() && Double.isFinite(cpu.asDouble())) {
            r.setCpu(cpu.asDouble());
          } else {
            problems.add("resources.cpu: expected a finite number");
          }
        }
        JsonNode memory = resources.get("memory_mb");
        if (memory != null && !memory.isNull()) {
          if (memory.isIntegralNumber()) {
            r.setMemoryMb(memory.asLong());
          } else {
            problems.add("resources.memory_mb: expected a whole number");
          }
        }
        spec.setResources(r);
      }
      JsonNode constraints = object(root.get("constraints"), "constraints");
      if (constraints != null) {
        unknown(constraints, CONSTRAINTS, "constraints.");
        Constraints.Builder c = Constraints.newBuilder();
        map(constraints.get("labels"), "constraints.labels", c::putLabels);
        spec.setConstraints(c);
      }
      return spec.build();
    }

    RestartPolicy restart(JsonNode node) {
      unknown(node, RESTART, "restart.");
      RestartPolicy.Builder restart = RestartPolicy.newBuilder();
      JsonNode policy = node.get("policy");
      if (policy != null && !policy.isNull()) {
        switch (policy.isTextual() ? policy.asText() : "") {
          case "never":
            restart.setMode(RestartMode.RESTART_MODE_NEVER);
            break;
          case "on-failure":
            restart.setMode(RestartMode.RESTART_MODE_ON_FAILURE);
            break;
          case "always":
            restart.setMode(RestartMode.RESTART_MODE_ALWAYS);
            break;
          default:
            problems.add("restart.policy: must be never, on-failure or always");
        }
      }
      integer(node.get("max_restarts"), "restart.max_restarts", restart::setMaxRestarts);
      duration(node.get("backoff"), "restart.backoff", restart::setBackoffMillis);
      duration(node.get("max_backoff"), "restart.max_backoff", restart::setMaxBackoffMillis);
      return restart.build();
    }

    void unknown(JsonNode node, Set<String> known, String prefix) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!known.contains(name)) {
          // An empty key (YAML "? " or JSON "") would leave the problem nameless.
          problems.add(prefix + (name.isEmpty() ? "\"\"" : name) + ": unknown field");
        }
      }
    }

    JsonNode object(JsonNode node, String field) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isObject()) {
        problems.add(field + ": expected an object");
        return null;
      }
      return node;
    }

    void text(JsonNode parent, String name, String field, Consumer<String> set) {
      JsonNode node = parent.get(name);
      if (node == null || node.isNull()) {
        return;
      }
      if (!node.isTextual()) {
        problems.add(field + ": expected a string");
        return;
      }
      if (wellFormed(node.asText(), field)) {
        set.accept(node.asText());
      }
    }

    /**
     * Text the spec can carry. The YAML reader does not apply Jackson's string length limit, so
     * it is applied here for both formats. A JSON escape can spell a lone surrogate
     * ({@code "\ud800"}), which no UTF-8 wire carries: protobuf would turn it into '?' and the
     * spec run would differ from the spec sent.
     */
    boolean wellFormed(String text, String field) {
      if (text.length() > SpecDocuments.MAX_STRING_LENGTH) {
        problems.add(field + ": longer than " + SpecDocuments.MAX_STRING_LENGTH + " characters");
        return false;
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else if (Character.isSurrogate(c)) {
          problems.add(field + ": not valid Unicode (a lone surrogate at character " + i + ")");
          return false;
        }
      }
      return true;
    }

    void integer(JsonNode node, String field, java.util.function.IntConsumer set) {
      if (node == null || node.isNull()) {
        return;
      }
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        problems.add(field + ": expected a whole number");
        return;
      }
      set.accept(node.asInt());
    }

    void duration(JsonNode node, String field, java.util.function.LongConsumer set) {
      if (node == null || node.isNull()) {
        return;
      }
      if (!node.isTextual()) {
        problems.add(field + ": expected a duration such as \"500ms\", \"10s\" or \"1m\"");
        return;
      }
      try {
        set.accept(Durations.parse(node.asText()).toMillis());
      } catch (IllegalArgumentException e) {
        problems.add(field + ": " + e.getMessage());
      }
    }

    void strings(JsonNode node, String field, Consumer<String> add) {
      if (node == null || node.isNull()) {
        return;
      }
      if (!node.isArray()) {
        problems.add(field + ": expected a list of strings");
        return;
      }
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isTextual() || item.isNumber() || item.isBoolean()) {
          if (wellFormed(item.asText(), field + "[" + i + "]")) {
            add.accept(item.asText());
          }
        } else {
          problems.add(field + "[" + i + "]: expected a string");
        }
      }
    }

    void map(JsonNode node, String field, java.util.function.BiConsumer<String, String> put) {
      if (node == null || node.isNull()) {
        return;
      }
      if (!node.isObject()) {
        problems.add(field + ": expected an object of strings");
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        JsonNode value = entry.getValue();
        String name = field + "." + entry.getKey();
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
          if (wellFormed(entry.getKey(), field) && wellFormed(value.asText(), name)) {
            put.accept(entry.getKey(), value.asText());
          }
        } else {
          problems.add(name + ": expected a string");
        }
      }
    }
  }
}
