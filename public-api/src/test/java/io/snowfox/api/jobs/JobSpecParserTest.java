package io.snowfox.api.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.snowfox.api.jobs.JobSpecParser.InvalidSpecException;
import io.snowfox.protocol.v1.JobSpec;
import io.snowfox.protocol.v1.RestartMode;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ListAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class JobSpecParserTest {

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ListAssert<String> problemsOfJson(String json) {
    return problems(() -> JobSpecParser.parseJson(utf8(json)));
  }

  private static ListAssert<String> problemsOfYaml(String yaml) {
    return problems(() -> JobSpecParser.parseYaml(utf8(yaml)));
  }

  private static ListAssert<String> problems(ThrowingCallable parse) {
    InvalidSpecException refused = catchThrowableOfType(InvalidSpecException.class, parse);
    assertThat(refused).as("the spec is refused").isNotNull();
    return assertThat(refused.problems());
  }

  /** "Billion laughs": nine levels of nine aliases would be 9^9 strings if expanded. */
  private static String aliasBomb() {
    StringBuilder yaml =
        new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level < 9; level++) {
      yaml.append("a").append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      yaml.append("]\n");
    }
    return yaml.toString();
  }

  @Test
  void sameSpecReadsTheSameFromJsonAndYaml() {
    JobSpec json = JobSpecParser.parseJson(utf8("{\"name\": \"web\", \"command\": \"/bin/web\","
        + " \"args\": [\"-p\", 8080, true], \"env\": {\"A\": \"b\"}, \"instances\": 2,"
        + " \"restart\": {\"policy\": \"on-failure\", \"backoff\": \"1s\"},"
        + " \"resources\": {\"cpu\": 0.5, \"memory_mb\": 64},"
        + " \"constraints\": {\"labels\": {\"zone\": \"a\"}}}"));
    JobSpec yaml = JobSpecParser.parseYaml(utf8("name: web\ncommand: /bin/web\n"
        + "args: [\"-p\", 8080, true]\nenv: {A: b}\ninstances: 2\n"
        + "restart: {policy: on-failure, backoff: 1s}\n"
        + "resources: {cpu: 0.5, memory_mb: 64}\nconstraints: {labels: {zone: a}}\n"));

    assertThat(yaml).isEqualTo(json);
    assertThat(json.getArgsList()).containsExactly("-p", "8080", "true");
    assertThat(json.getRestart().getMode()).isEqualTo(RestartMode.RESTART_MODE_ON_FAILURE);
    assertThat(json.getRestart().getBackoffMillis()).isEqualTo(1000);
  }

  @Test
  void aliasBombIsRefusedAtTheFirstAlias() {
    problemsOfYaml(aliasBomb())
        .containsExactly("body: not valid YAML: YAML aliases are not supported in a job spec: *a0");
  }

  @Test
  void aliasIsRefusedRatherThanReadAsItsAnchorName() {
    // Jackson hands an alias over as its name: this spec would have run the command "c".
    problemsOfYaml("name: &c /bin/rm\ncommand: *c\n")
        .containsExactly("body: not valid YAML: YAML aliases are not supported in a job spec: *c");
  }

  @Test
  void tenThousandDeepJsonIsRefusedAtTheNestingLimit() {
    String deep = "{\"args\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";

    problemsOfJson(deep).singleElement().asString()
        .startsWith("body: not valid JSON: Document nesting depth (17) exceeds the maximum "
            + "allowed (16");
  }

  @Test
  void tenThousandDeepYamlIsRefusedAtTheNestingLimit() {
    problemsOfYaml("args: " + "[".repeat(10_000) + "]".repeat(10_000))
        .singleElement().asString()
        .startsWith("body: not valid YAML: Document nesting depth (17) exceeds the maximum "
            + "allowed (16");
  }

  @Test
  void duplicateKeysAreRefusedInBothFormats() {
    problemsOfJson("{\"command\": \"/bin/true\", \"command\": \"/bin/rm\"}")
        .singleElement().asString()
        .startsWith("body: not valid JSON: Duplicate field 'command'");
    problemsOfYaml("command: /bin/true\ncommand: /bin/rm\n")
        .singleElement().asString()
        .startsWith("body: not valid YAML: Duplicate field 'command'");
  }

  @Test
  void contentAfterTheSpecIsRefused() {
    problemsOfJson("{\"name\": \"a\"} {\"name\": \"b\"}")
        .containsExactly("body: expected one JSON object, found more after it");
    problemsOfYaml("name: a\n---\nname: b\n")
        .containsExactly("body: expected one YAML object, found more after it");
  }

  @Test
  void bodyOverTheLimitIsRefusedBeforeReading() {
    byte[] body = new byte[JobSpecParser.MAX_SPEC_BYTES + 1];

    assertThatThrownBy(() -> JobSpecParser.parseYaml(body))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("invalid job spec: body: larger than 1048576 bytes");
  }

  @Test
  void stringOverTheLimitIsRefusedInBothFormats() {
    String huge = "x".repeat(SpecDocuments.MAX_STRING_LENGTH + 1);

    problemsOfJson("{\"command\": \"" + huge + "\"}")
        .singleElement().asString()
        .startsWith("body: not valid JSON: String value length");
    problemsOfYaml("command: " + huge + "\n")
        .containsExactly("command: longer than 262144 characters");
  }

  @Test
  void numberLongerThanTheLimitIsRefused() {
    problemsOfJson("{\"instances\": " + "9".repeat(5_000) + "}")
        .singleElement().asString()
        .startsWith("body: not valid JSON: Number value length (5000) exceeds");
    problemsOfYaml("instances: " + "9".repeat(5_000) + "\n")
        .containsExactly("instances: expected a whole number");
  }

  @Test
  void nonFiniteCpuIsRefused() {
    problemsOfJson("{\"resources\": {\"cpu\": 1e999}}")
        .containsExactly("resources.cpu: expected a finite number");
    problemsOfJson("{\"resources\": {\"cpu\": NaN}}")
        .singleElement().asString()
        .startsWith("body: not valid JSON: Non-standard token 'NaN'");
    problemsOfYaml("resources: {cpu: .nan}\n")
        .singleElement().asString()
        .startsWith("body: not valid YAML: Malformed numeric value '.nan'");
  }

  @Test
  void loneSurrogateIsRefusedInsteadOfBecomingAQuestionMark() {
    problemsOfJson("{\"command\": \"/bin/a\\ud800\", \"env\": {\"K\\udc00\": \"v\"}}")
        .containsExactly("command: not valid Unicode (a lone surrogate at character 6)",
            "env: not valid Unicode (a lone surrogate at character 1)");
  }

  @Test
  void yamlTypeTagsInstantiateNothing() {
    // The classic SnakeYAML gadget: with a constructing loader it would fetch and run a class.
    problemsOfYaml("command: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader "
        + "[[!!java.net.URL [\"http://127.0.0.1:9/\"]]]]\n")
        .containsExactly("command: expected a string");
  }

  @Test
  void emptyFieldNameIsShownQuoted() {
    problemsOfJson("{\"\": 1, \"restart\": {\"\": 2}}")
        .containsExactly("\"\": unknown field", "restart.\"\": unknown field");
    problemsOfYaml("? \n").containsExactly("\"\": unknown field");
  }

  @Test
  void manyProblemsAreSummarised() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < 1_000; i++) {
      json.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": 1");
    }

    problemsOfJson(json.append("}").toString())
        .hasSize(JobSpecParser.MAX_PROBLEMS + 1)
        .startsWith("f0: unknown field")
        .endsWith("... and 950 more");
  }
}
