package io.snowfox.cli;

import io.snowfox.client.ApiException;
import io.snowfox.client.SnowfoxClient;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that is one conversation with the public API. An error answer is printed as
 * {@code error: MESSAGE (correlation id ID)}, followed by one line per refused field, and the
 * command exits {@link SnowfoxMain#EXIT_FAILURE}.
 */
abstract class ClientCommand implements Callable<Integer> {

  @Mixin ApiClientOptions api;
  @Spec CommandSpec spec;

  /** Does the work; returns the exit code. */
  abstract int run(SnowfoxClient client, PrintWriter out, Terminal terminal);

  @Override
  public final Integer call() {
    PrintWriter out = out();
    try {
      return run(api.client(), out, Terminal.detect());
    } catch (ApiException e) {
      out.flush();
      errorLines(e).forEach(err()::println);
      return SnowfoxMain.EXIT_FAILURE;
    } finally {
      out.flush();
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  boolean json() {
    return api.json;
  }

  /** Prints an API answer as the API wrote it ({@code Answer.json()}), indented. */
  void printJson(String answer) {
    out().println(new JsonObject(answer).encodePrettily());
  }

  /**
   * How an error is shown: the message and correlation id, then each refused field on its own
   * line. The API repeats the fields in the message of a refused spec; they are shown once.
   */
  static List<String> errorLines(ApiException e) {
    String message = e.getMessage();
    String repeated = ": " + String.join("; ", e.fields());
    if (!e.fields().isEmpty() && message.endsWith(repeated)
        && message.length() > repeated.length()) {
      message = message.substring(0, message.length() - repeated.length());
    }
    List<String> lines = new ArrayList<>();
    lines.add("error: " + message
        + (e.correlationId().isEmpty() ? "" : " (correlation id " + e.correlationId() + ")"));
    e.fields().forEach(field -> lines.add("  " + field));
    return lines;
  }
}
