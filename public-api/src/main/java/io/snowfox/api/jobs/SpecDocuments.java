package io.snowfox.api.jobs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.snowfox.api.jobs.JobSpecParser.InvalidSpecException;
import java.io.IOException;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the body of a job spec into a tree, with every limit set here rather than left to a
 * library default: a spec is small and flat, so anything deep, huge or repeated is refused
 * before it costs memory or CPU. Every refusal is an {@link InvalidSpecException}.
 */
final class SpecDocuments {

  /** Deepest nesting read; the deepest spec field, {@code constraints.labels}, is at 3. */
  static final int MAX_NESTING_DEPTH = 16;
  /** Longest string value in characters: commands, arguments, environment values. */
  static final int MAX_STRING_LENGTH = 256 * 1024;
  /** Longest field name or map key in characters. */
  static final int MAX_NAME_LENGTH = 1024;
  /** Longest number literal; a long has 19 digits, a double's shortest form at most 24. */
  static final int MAX_NUMBER_LENGTH = 32;
  /** Most tokens in one document: a spec with 100 000 arguments is not a spec. */
  static final long MAX_TOKENS = 200_000;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_NESTING_DEPTH)
      .maxStringLength(MAX_STRING_LENGTH)
      .maxNameLength(MAX_NAME_LENGTH)
      .maxNumberLength(MAX_NUMBER_LENGTH)
      .maxTokenCount(MAX_TOKENS)
      .maxDocumentLength(JobSpecParser.MAX_SPEC_BYTES)
      .build();

  private static final ObjectMapper JSON = mapper(JsonFactory.builder()
      .streamReadConstraints(LIMITS)
      .build());
  private static final ObjectMapper YAML = mapper(YAMLFactory.builder()
      .streamReadConstraints(LIMITS)
      .loaderOptions(yamlLimits())
      .build());

  private SpecDocuments() {}

  /** The tree of a JSON document. */
  static JsonNode json(byte[] body) {
    return read(JSON, body, "JSON");
  }

  /** The tree of a YAML document; aliases and second documents are refused. */
  static JsonNode yaml(byte[] body) {
    return read(YAML, body, "YAML");
  }

  private static ObjectMapper mapper(JsonFactory factory) {
    // A repeated key would let two readers of one spec see different values: refuse it.
    return new ObjectMapper(factory)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }

  /**
   * SnakeYAML's own limits. Jackson reads YAML as a stream of events and never composes nodes,
   * so SnakeYAML's alias and nesting limits (composer-level) would not apply: aliases are refused
   * by {@link AliasRefusingParser} and nesting by {@link #LIMITS}. The code point limit does
   * apply, while reading.
   */
  private static LoaderOptions yamlLimits() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(JobSpecParser.MAX_SPEC_BYTES);
    return options;
  }

  private static JsonNode read(ObjectMapper mapper, byte[] body, String format) {
    if (body.length > JobSpecParser.MAX_SPEC_BYTES) {
      throw refused("body: larger than " + JobSpecParser.MAX_SPEC_BYTES + " bytes");
    }
    try (JsonParser parser = new AliasRefusingParser(mapper.createParser(body))) {
      JsonNode root = mapper.readTree(parser);
      if (root == null || !root.isObject()) {
        throw refused("body: expected a " + format + " object");
      }
      if (parser.nextToken() != null) {
        throw refused("body: expected one " + format + " object, found more after it");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw refused("body: not valid " + format + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw refused("body: unreadable: " + e.getMessage());
    }
  }

  private static InvalidSpecException refused(String problem) {
    return new InvalidSpecException(List.of(problem));
  }

  /**
   * Refuses YAML aliases ({@code *name}). Jackson does not expand them: it would hand the
   * alias name over as if it were the value, so {@code command: *cmd} would run "cmd".
   */
  private static final class AliasRefusingParser extends JsonParserDelegate {

    AliasRefusingParser(JsonParser parser) {
      super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken token = super.nextToken();
      if (delegate instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        throw new JsonParseException(this, "YAML aliases are not supported in a job spec: *"
            + yaml.getText());
      }
      return token;
    }
  }
}
