package io.snowfox.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.snowfox.api.Fuzz;
import io.snowfox.api.jobs.JobSpecParser.InvalidSpecException;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.RestartMode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the job spec reader with junk, mutated specs, values of every type in every field,
 * deep nesting and YAML token soup: each body ends in a spec or an {@link InvalidSpecException}
 * whose problems name a field; no other exception escapes.
 */
class JobSpecParserFuzzTest {

  private static final int TRIES = 1_000;

  /** Every field of a spec, by path; nested objects have their own paths. */
  private static final List<String> FIELDS = List.of("name", "command", "args", "env", "workdir",
      "instances", "kill_timeout", "user", "group", "restart", "restart.policy",
      "restart.max_restarts", "restart.backoff", "restart.max_backoff", "resources",
      "resources.cpu", "resources.memory_mb", "constraints", "constraints.labels");

  /** Pieces of JSON and YAML syntax, the rarer corners included. */
  private static final List<String> TOKENS = List.of("{", "}", "[", "]", ":", ",", "\"", "'",
      " ", "\n", "\t", "- ", "? ", "&a ", "*a", "!!str ", "!!binary ", "!!java.io.File ", "!t ",
      "#", "|", ">", "---\n", "...\n", "%YAML 1.1\n", "<<: ", "~", "null", "true", "yes", "1",
      "-0", "1e999", ".nan", "0x1F", "0o7", "1_000", "name", "command", "args", "env",
      "restart", "policy", "always", "\\u0000", "\\ud800", "\u00e9", "\ud83e\udd8a", "\u0000",
      "\ufeff", "\r");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A body in one format. */
  private record Body(boolean yaml, byte[] bytes) {
    @Override
    public String toString() {
      return (yaml ? "YAML " : "JSON ") + new String(bytes, StandardCharsets.UTF_8);
    }
  }

  @Test
  void junkIsReadOrRefused() {
    Fuzz.forAll(TRIES, random -> {
      byte[] bytes;
      if (random.nextBoolean()) {
        bytes = new byte[random.nextInt(256)];
        random.nextBytes(bytes);
      } else {
        bytes = soup(random, 1 + random.nextInt(60)).getBytes(StandardCharsets.UTF_8);
      }
      return new Body(random.nextBoolean(), bytes);
    }, JobSpecParserFuzzTest::assertReadOrRefused);
  }

  @Test
  void mutatedSpecIsReadOrRefused() {
    Fuzz.forAll(TRIES, random -> {
      boolean yaml = random.nextBoolean();
      StringBuilder text = new StringBuilder(write(yaml ? YAML : JSON, validSpec(random)));
      for (int edits = 1 + random.nextInt(4); edits > 0 && text.length() > 0; edits--) {
        int at = random.nextInt(text.length());
        switch (random.nextInt(3)) {
          case 0 -> text.deleteCharAt(at);
          case 1 -> text.insert(at, soup(random, 1));
          default -> text.replace(at, Math.min(text.length(), at + 1 + random.nextInt(8)),
              soup(random, 1 + random.nextInt(3)));
        }
      }
      return new Body(yaml, text.toString().getBytes(StandardCharsets.UTF_8));
    }, JobSpecParserFuzzTest::assertReadOrRefused);
  }

  @Test
  void anyValueInAnyFieldIsReadOrRefusedNamingTheField() {
    Fuzz.forAll(TRIES, random -> {
      ObjectNode spec = validSpec(random);
      for (int n = 1 + random.nextInt(3); n > 0; n--) {
        String path = random.nextInt(8) == 0 ? "x" + random.nextInt(3) + ".y"
            : FIELDS.get(random.nextInt(FIELDS.size()));
        String[] parts = path.split("\\.");
        ObjectNode parent = spec;
        if (parts.length == 2) {
          parent = spec.get(parts[0]) instanceof ObjectNode nested ? nested
              : spec.putObject(parts[0]);
        }
        parent.set(parts[parts.length - 1], value(random, 3));
      }
      boolean yaml = random.nextBoolean();
      return new Body(yaml, write(yaml ? YAML : JSON, spec).getBytes(StandardCharsets.UTF_8));
    }, body -> {
      InvalidSpecException refused = assertReadOrRefused(body);
      if (refused != null) {
        assertThat(refused.problems()).allSatisfy(problem -> assertThat(problem)
            .matches("(?s)(body|x\\d|\\.\\.\\. and \\d+ more|" + String.join("|", FIELDS)
                .replace(".", "\\.") + ")(\\.|\\[|:| ).*"));
      }
    });
  }

  @Test
  void validSpecReadsTheSameFromJsonAndYaml() {
    Fuzz.forAll(TRIES, JobSpecParserFuzzTest::validSpec, spec -> {
      JobSpec fromJson = JobSpecParser.parseJson(write(JSON, spec)
          .getBytes(StandardCharsets.UTF_8));
      JobSpec fromYaml = JobSpecParser.parseYaml(write(YAML, spec)
          .getBytes(StandardCharsets.UTF_8));

      assertThat(fromYaml).isEqualTo(fromJson);
      assertThat(fromJson.getName()).isEqualTo(spec.path("name").asText(""));
      assertThat(fromJson.getArgsCount()).isEqualTo(spec.path("args").size());
      assertThat(fromJson.getEnvMap()).hasSize(spec.path("env").size());
    });
  }

  @Test
  void deepNestingIsRefusedNamingTheLimit() {
    Fuzz.forAll(TRIES / 4, random -> {
      int depth = 1 + random.nextInt(3 * SpecDocuments.MAX_NESTING_DEPTH);
      StringBuilder open = new StringBuilder();
      StringBuilder close = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        boolean array = random.nextBoolean();
        open.append(array ? "[" : "{\"k\": ");
        close.insert(0, array ? "]" : "}");
      }
      String field = FIELDS.get(random.nextInt(FIELDS.size())).replaceAll("\\..*", "");
      String text = "{\"" + field + "\": " + open + "1" + close + "}";
      return new Body(random.nextBoolean(), text.getBytes(StandardCharsets.UTF_8));
    }, body -> {
      InvalidSpecException refused = assertReadOrRefused(body);
      int depth = 1 + (int) new String(body.bytes(), StandardCharsets.UTF_8).chars()
          .filter(c -> c == '[' || c == '{').count() - 1;
      if (depth > SpecDocuments.MAX_NESTING_DEPTH) {
        assertThat(refused).isNotNull();
        assertThat(refused.problems()).singleElement().asString()
            .contains("nesting depth (" + (SpecDocuments.MAX_NESTING_DEPTH + 1) + ") exceeds");
      }
    });
  }

  /** Reads the body: a spec, or the refusal (every problem names what it is about). */
  private static InvalidSpecException assertReadOrRefused(Body body) {
    Function<byte[], JobSpec> parse = body.yaml() ? JobSpecParser::parseYaml
        : JobSpecParser::parseJson;
    try {
      assertThat(parse.apply(body.bytes())).isNotNull();
      return null;
    } catch (InvalidSpecException refused) {
      assertThat(refused.problems()).isNotEmpty()
          .hasSizeLessThanOrEqualTo(JobSpecParser.MAX_PROBLEMS + 1)
          .allSatisfy(problem -> assertThat(problem)
              .matches("(?s)(.+: .*|\\.\\.\\. and \\d+ more)"));
      return refused;
    }
  }

  private static String write(ObjectMapper mapper, JsonNode tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A spec the parser accepts: every field optional, every value of the right type. */
  private static ObjectNode validSpec(Random random) {
    ObjectNode spec = NODES.objectNode();
    for (String field : List.of("name", "command", "workdir", "user", "group")) {
      if (random.nextBoolean()) {
        spec.put(field, text(random));
      }
    }
    if (random.nextBoolean()) {
      ArrayNode args = spec.putArray("args");
      for (int i = random.nextInt(5); i > 0; i--) {
        args.add(text(random));
      }
    }
    if (random.nextBoolean()) {
      ObjectNode env = spec.putObject("env");
      for (int i = random.nextInt(4); i > 0; i--) {
        env.put("K" + i + text(random), text(random));
      }
    }
    if (random.nextBoolean()) {
      spec.put("instances", random.nextInt());
    }
    if (random.nextBoolean()) {
      spec.put("kill_timeout", random.nextInt(1_000) + "s");
    }
    if (random.nextBoolean()) {
      ObjectNode restart = spec.putObject("restart");
      restart.put("policy", List.of("never", "on-failure", "always").get(random.nextInt(3)));
      restart.put("max_restarts", random.nextInt(100));
      restart.put("backoff", random.nextInt(1_000) + "ms");
      restart.put("max_backoff", random.nextInt(60) + "m");
    }
    if (random.nextBoolean()) {
      spec.putObject("resources").put("cpu", random.nextDouble() * 64)
          .put("memory_mb", random.nextInt(1 << 20));
    }
    if (random.nextBoolean()) {
      spec.putObject("constraints").putObject("labels").put("zone", text(random));
    }
    return spec;
  }

  /** Any JSON value, containers up to {@code depth} deep. */
  private static JsonNode value(Random random, int depth) {
    switch (random.nextInt(depth > 0 ? 12 : 10)) {
      case 0: return NODES.nullNode();
      case 1: return NODES.booleanNode(random.nextBoolean());
      case 2: return NODES.numberNode(random.nextLong());
      case 3: return NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(600)
          - 300));
      case 4: return NODES.numberNode(new BigInteger(100 + random.nextInt(40), random));
      case 5: return NODES.numberNode(new BigDecimal(new BigInteger(80, random),
          random.nextInt(40) - 20));
      case 6: return NODES.textNode(List.of("never", "on-failure", "always", "10s", "0ms",
          "999999999h", "-1s", "1.5s", "").get(random.nextInt(9)));
      case 7: return NODES.textNode(soup(random, random.nextInt(10)));
      case 8: return NODES.textNode(text(random));
      case 9: return NODES.numberNode(random.nextInt(3) - 1);
      case 10: {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(value(random, depth - 1));
        }
        return array;
      }
      default: {
        ObjectNode object = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.set(text(random), value(random, depth - 1));
        }
        return object;
      }
    }
  }

  private static String soup(Random random, int tokens) {
    StringBuilder soup = new StringBuilder();
    for (int i = 0; i < tokens; i++) {
      soup.append(TOKENS.get(random.nextInt(TOKENS.size())));
    }
    return soup.toString();
  }

  /**
   * Printable text, ASCII or beyond: what both formats can carry (YAML allows no control
   * characters and no U+FFFE/U+FFFF; UTF-8 no lone surrogate).
   */
  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    boolean ascii = random.nextInt(3) > 0;
    for (int i = random.nextInt(12); i > 0; i--) {
      int codePoint = ascii ? 0x20 + random.nextInt(0x5F)
          : 0xA0 + random.nextInt(0x110000 - 0xA0);
      if ((codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE)
          && codePoint != 0xFFFE && codePoint != 0xFFFF) {
        text.appendCodePoint(codePoint);
      }
    }
    return text.toString();
  }
}
