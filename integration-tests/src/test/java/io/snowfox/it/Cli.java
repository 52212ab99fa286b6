package io.snowfox.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code bin/snowfox} client commands of the built distribution. */
final class Cli {

  /** What a command printed and how it ended. */
  record Result(int exitCode, String out, String err) {}

  static Path home() {
    return Path.of(System.getProperty("snowfox.home", "../dist/target/snowfox")).toAbsolutePath();
  }

  static Path launcher() {
    return home().resolve("bin/snowfox");
  }

  static Result run(String... args) throws IOException, InterruptedException {
    return runWith(java.util.Map.of(), args);
  }

  /** Runs a command with {@code environment} added to this JVM's. */
  static Result runWith(java.util.Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(launcher().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    int api = command.indexOf("--api");
    if (api > 0 && api + 1 < command.size() && !command.contains("--token")) {
      String token = Tokens.forUrl(command.get(api + 1));
      if (token != null) {
        builder.environment().put("SNOWFOX_TOKEN", token);
      }
    }
    Process process = builder.start();
    try {
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("snowfox " + String.join(" ", args) + " did not end");
      }
      return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8),
          new String(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
    }
  }

  private Cli() {}
}
