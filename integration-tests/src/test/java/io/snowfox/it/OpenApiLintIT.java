package io.snowfox.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redocly's linter passes on the OpenAPI document with the repository's settings
 * ({@code public-api/redocly.yaml}: its recommended rules, every warning an error).
 */
class OpenApiLintIT {

  @Test
  void redoclyLintPassesOnTheDocument() throws Exception {
    Path redocly = ApiTools.command("redocly");
    Path document = ApiTools.documentSource();
    Path publicApi = document.getParent().getParent().getParent().getParent();

    ApiTools.Result lint = ApiTools.run(publicApi, List.of(redocly.toString(), "lint",
        "--config", publicApi.resolve("redocly.yaml").toString(), "--format", "stylish",
        document.toString()));

    assertThat(lint.exitCode()).as("redocly lint said:%n%s", lint.output()).isZero();
  }
}
