package io.snowfox.api.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.snowfox.protocol.v1.Constraints;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.Resources;
import io.snowfox.protocol.v1.RestartMode;
import io.snowfox.protocol.v1.RestartPolicy;
import io.snowfox.runtime.config.Durations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads a job spec written in JSON or YAML (the same tree) into its wire form, refusing unknown
 * fields and values of the wrong type. Every problem is reported, each naming its field.
 * Semantic rules (required fields, ranges) are the manager's, which applies them to every spec.
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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

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
    return parse(JSON, body, "JSON");
  }

  /** Parses a YAML document. */
  public static JobSpec parseYaml(byte[] body) {
    return parse(YAML, body, "YAML");
  }

  private static JobSpec parse(ObjectMapper mapper, byte[] body, String format) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(List.of("body: not valid " + format + ": "
          + e.getOriginalMessage()));
    } catch (IOException e) {
      throw new InvalidSpecException(List.of("body: unreadable: " + e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidSpecException(List.of("body: expected a " + format + " object"));
    }
    Reader reader = new Reader();
    JobSpec spec = reader.spec(root);
    if (!reader.problems.isEmpty()) {
      throw new InvalidSpecException(reader.problems);
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
          if (cpu.isNumber()) {
            r.setCpu(cpu.asDouble());
          } else {
            problems.add("resources.cpu: expected a number");
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
          problems.add(prefix + name + ": unknown field");
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
      set.accept(node.asText());
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
          add.accept(item.asText());
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
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
          put.accept(entry.getKey(), value.asText());
        } else {
          problems.add(field + "." + entry.getKey() + ": expected a string");
        }
      }
    }
  }
}
