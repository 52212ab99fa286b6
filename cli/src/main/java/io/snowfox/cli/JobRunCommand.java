package io.snowfox.cli;

import io.snowfox.client.Answer;
import io.snowfox.client.ApiCall;
import io.snowfox.client.ApiException;
import io.snowfox.client.Instance;
import io.snowfox.client.Job;
import io.snowfox.client.JobAnswer;
import io.snowfox.client.SnowfoxClient;
import io.snowfox.client.SubmitAnswer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code snowfox job run FILE [--wait]}: submits a job spec, and perhaps waits for its end. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Submit a job from a spec file: YAML when it ends in .yaml or .yml, JSON "
        + "otherwise.",
        "With --wait, wait until the job has ended and exit with its exit code: 0 when it "
            + "completed; else the exit code of the first instance that failed, 128 + the "
            + "signal that killed it, or 1."})
final class JobRunCommand extends ClientCommand {

  /** How often --wait asks for the job's state. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  /** Exit code of a process killed by signal N, as shells report it: this + N. */
  static final int SIGNAL_EXIT_BASE = 128;
  /** The largest exit code a process can have. */
  private static final int MAX_EXIT_CODE = 255;

  @Parameters(paramLabel = "FILE", description = "The job spec (JSON or YAML).")
  Path file;

  @Option(names = "--wait", description = "Wait until the job has ended; exit with its code.")
  boolean await;

  @Override
  int run(SnowfoxClient client, PrintWriter out, Terminal terminal) {
    byte[] spec;
    try {
      spec = Files.readAllBytes(file);
    } catch (IOException e) {
      err().println("error: cannot read " + file + ": " + describe(e));
      return SnowfoxMain.EXIT_FAILURE;
    }
    Answer<SubmitAnswer> submitted = client.exchange(ApiCall.submitJob(spec, contentType(file)));
    String id = submitted.value().id();
    if (json() && !await) {
      printJson(submitted.json());
    } else if (!json()) {
      out.println("job " + id + " submitted (correlation id "
          + submitted.value().correlationId() + ")");
      out.flush();
    }
    if (!await) {
      return 0;
    }
    Answer<JobAnswer> ended = awaitEnd(client, id);
    Job job = ended.value().job();
    if (json()) {
      printJson(ended.json());
    } else {
      out.println(JobCommand.stateLine(job, terminal));
    }
    return exitCode(job);
  }

  /** application/yaml for .yaml and .yml files, application/json for any other. */
  static String contentType(Path file) {
    String name = file.getFileName() == null ? ""
        : file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") ? SnowfoxClient.YAML
        : SnowfoxClient.JSON;
  }

  /**
   * The exit code of an ended job: 0 when it completed; otherwise that of the first instance
   * that did not succeed: 128 + the signal that killed it, or its exit code; 1 when no instance
   * has one (lost, or never started).
   */
  static int exitCode(Job job) {
    if (Job.COMPLETE.equals(job.state())) {
      return 0;
    }
    for (Instance instance : job.instances()) {
      Integer signal = instance.signal();
      if (signal != null && signal > 0) {
        return SIGNAL_EXIT_BASE + signal;
      }
      Integer code = instance.exitCode();
      if (code != null && code != 0) {
        // A negative code means the process never ran; it has no code of its own.
        return code > 0 && code <= MAX_EXIT_CODE ? code : SnowfoxMain.EXIT_FAILURE;
      }
    }
    return SnowfoxMain.EXIT_FAILURE;
  }

  private static Answer<JobAnswer> awaitEnd(SnowfoxClient client, String id) {
    while (true) {
      Answer<JobAnswer> answer = client.exchange(ApiCall.getJob(id));
      if (answer.value().job().ended()) {
        return answer;
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(0, "INTERRUPTED", "interrupted while waiting for job " + id,
            "", e);
      }
    }
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
