package io.snowfox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm tools that check the OpenAPI document ({@code redocly}, {@code prism}), found in the
 * folder that {@code -Dsnowfox.api.tools} or the environment's {@code SNOWFOX_API_TOOLS} names
 * ({@code .ci/api-tools/install} prints it). Without either, a test that needs them is skipped
 * with a message saying how to get them, except in CI ({@code CI=true}), where it fails: CI
 * installs them, so their absence there is a broken build, not a reason to check less.
 */
final class ApiTools {

  static final String PROPERTY = "snowfox.api.tools";
  static final String ENVIRONMENT = "SNOWFOX_API_TOOLS";

  private ApiTools() {}

  /** The command {@code name} of the tools' folder; skips or fails the test without it. */
  static Path command(String name) {
    String folder = System.getProperty(PROPERTY, "");
    if (folder.isBlank()) {
      folder = System.getenv().getOrDefault(ENVIRONMENT, "");
    }
    String missing = "the npm tools that check the OpenAPI document are not installed: run "
        + "`export " + ENVIRONMENT + "=\"$(bash .ci/api-tools/install)\"` before mvn, or pass "
        + "-D" + PROPERTY + "=FOLDER (docs/jobs.md, Checking the document)";
    if (folder.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("in CI " + missing);
      }
      Assumptions.abort(missing);
    }
    Path command = Path.of(folder).resolve(name);
    assertThat(Files.isExecutable(command))
        .as("%s names %s, which has no executable %s", PROPERTY, folder, name).isTrue();
    return command;
  }

  /** The OpenAPI document in the source tree ({@code public-api/src/main/resources}). */
  static Path documentSource() {
    return Path.of(System.getProperty("snowfox.openapi",
        "../public-api/src/main/resources/openapi.json")).toAbsolutePath();
  }

  /** Keeps the tools from reporting usage or looking for updates: tests reach only loopback. */
  static ProcessBuilder quiet(ProcessBuilder builder) {
    builder.environment().put("REDOCLY_TELEMETRY", "off");
    builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    builder.environment().put("SCARF_ANALYTICS", "false");
    return builder;
  }

  /** What a tool printed and how it ended. */
  record Result(int exitCode, String output) {}

  /** Runs a tool to its end in {@code directory}, output and errors together. */
  static Result run(Path directory, List<String> command) throws IOException,
      InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command)
        .directory(directory.toFile())
        .redirectErrorStream(true);
    quiet(builder);
    Process process = builder.start();
    try {
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError(String.join(" ", command) + " did not end: " + output);
      }
      return new Result(process.exitValue(), output);
    } finally {
      process.destroyForcibly();
    }
  }
}
