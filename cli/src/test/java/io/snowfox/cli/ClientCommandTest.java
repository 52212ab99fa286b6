package io.snowfox.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.snowfox.client.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How API errors are shown. */
class ClientCommandTest {

  @Test
  void errorShowsMessageAndCorrelationId() {
    ApiException e = new ApiException(404, "NOT_FOUND", "no job 'x'", "c-1", null);

    assertThat(ClientCommand.errorLines(e))
        .containsExactly("error: no job 'x' (correlation id c-1)");
  }

  @Test
  void errorWithoutAnswerHasNoCorrelationId() {
    ApiException e = new ApiException(0, "UNREACHABLE", "cannot reach the SnowFox API", "", null);

    assertThat(ClientCommand.errorLines(e))
        .containsExactly("error: cannot reach the SnowFox API");
  }

  @Test
  void refusedSpecShowsEachFieldOnItsOwnLineOnce() {
    List<String> fields = List.of("command: required", "instances: must be 1-1000");
    ApiException e = new ApiException(400, "BAD_REQUEST",
        "invalid job spec: command: required; instances: must be 1-1000", "c-2", fields, null);

    assertThat(ClientCommand.errorLines(e)).containsExactly(
        "error: invalid job spec (correlation id c-2)",
        "  command: required",
        "  instances: must be 1-1000");
  }

  @Test
  void fieldsNotRepeatedInTheMessageLeaveItWhole() {
    ApiException e = new ApiException(400, "BAD_REQUEST", "bad spec", "c-3",
        List.of("name: too long"), null);

    assertThat(ClientCommand.errorLines(e))
        .containsExactly("error: bad spec (correlation id c-3)", "  name: too long");
  }
}
