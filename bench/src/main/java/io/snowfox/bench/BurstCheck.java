package io.snowfox.bench;

import io.snowfox.client.Instance;
import io.snowfox.client.Job;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a burst left on the node, judged against what its clients were told: every acknowledged
 * job complete and run once, no job twice for one submit, no job the clients were not told of
 * but those of submits they gave up on.
 *
 * <p>Runs are counted from the spawner's own log ({@code started run <run-id> of job <job>}),
 * the only place that names every process it started: the job view shows the last run only.
 */
final class BurstCheck {

  private static final Pattern STARTED = Pattern.compile(
      "started run (\\S+) of job ([^:\\s\"]+)");

  /**
   * @param complete acknowledged jobs complete
   * @param notComplete acknowledged jobs in another state, by state ("missing" when not listed)
   * @param restarted acknowledged jobs with an instance restarted
   * @param doubled submits (correlation ids) that made more than one job
   * @param fromAbandoned jobs of submits the clients gave up on (a timeout, say)
   * @param unexplained jobs of this burst that no client was told of and that no abandoned
   *     submit explains
   * @param runs processes the spawner's log says it started for the burst's jobs
   * @param jobsRunTwice acknowledged jobs the spawner started more than once
   * @param jobsNotRun acknowledged jobs the spawner's log never names
   * @param logFiles spawner log files read
   */
  record Verdict(int complete, Map<String, Integer> notComplete, int restarted, int doubled,
      int fromAbandoned, int unexplained, long runs, int jobsRunTwice, int jobsNotRun,
      int logFiles) {

    boolean ok() {
      return notComplete.isEmpty() && restarted == 0 && doubled == 0 && unexplained == 0
          && jobsRunTwice == 0;
    }
  }

  private final String name;
  private final Map<String, String> acknowledged;
  private final Set<String> abandoned;

  /**
   * @param name the name of every job of the burst
   * @param acknowledged job id to the correlation id of the submit answered with it
   * @param abandoned correlation ids of the submits the clients gave up on
   */
  BurstCheck(String name, Map<String, String> acknowledged, Set<String> abandoned) {
    this.name = name;
    this.acknowledged = acknowledged;
    this.abandoned = abandoned;
  }

  /** Judges the node's job list and the spawner logs under {@code logs}. */
  Verdict judge(List<Job> jobs, Path logs) throws IOException {
    Map<String, Job> byId = new HashMap<>();
    Map<String, Integer> perSubmit = new HashMap<>();
    int fromAbandoned = 0;
    int unexplained = 0;
    for (Job job : jobs) {
      if (!name.equals(job.name())) {
        continue;
      }
      String id = job.id();
      byId.put(id, job);
      String correlationId = job.submittedWithCorrelationId();
      perSubmit.merge(correlationId, 1, Integer::sum);
      if (!acknowledged.containsKey(id)) {
        if (abandoned.contains(correlationId)) {
          fromAbandoned++;
        } else {
          unexplained++;
          BenchMain.say("burst: job " + id + " was never acknowledged (submit "
              + correlationId + ")");
        }
      }
    }
    int complete = 0;
    int restarted = 0;
    Map<String, Integer> notComplete = new TreeMap<>();
    for (String id : acknowledged.keySet()) {
      Job job = byId.get(id);
      String state = job == null ? "missing" : job.state();
      if (state.equals("complete")) {
        complete++;
      } else {
        notComplete.merge(state, 1, Integer::sum);
      }
      if (job != null && restarts(job) > 0) {
        restarted++;
      }
    }
    int doubled = (int) perSubmit.values().stream().filter(n -> n > 1).count();
    Map<String, Integer> runsPerJob = new HashMap<>();
    int logFiles = countRuns(logs, runsPerJob);
    long runs = runsPerJob.values().stream().mapToLong(Integer::longValue).sum();
    int runTwice = (int) acknowledged.keySet().stream()
        .filter(id -> runsPerJob.getOrDefault(id, 0) > 1).count();
    int notRun = (int) acknowledged.keySet().stream()
        .filter(id -> !runsPerJob.containsKey(id)).count();
    return new Verdict(complete, notComplete, restarted, doubled, fromAbandoned, unexplained,
        runs, runTwice, notRun, logFiles);
  }

  private static int restarts(Job job) {
    return job.instances().stream().mapToInt(Instance::restarts).sum();
  }

  /**
   * Adds up the starts each spawner log file names, per job; returns how many files it read.
   * The spawner logs each line to its console and its JSON file: only the JSON files are read.
   */
  private int countRuns(Path logs, Map<String, Integer> runsPerJob) throws IOException {
    if (!Files.isDirectory(logs)) {
      return 0;
    }
    List<Path> files;
    try (Stream<Path> paths = Files.list(logs)) {
      files = paths.filter(p -> p.getFileName().toString().startsWith("spawner")).sorted()
          .toList();
    }
    for (Path file : files) {
      try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          Matcher started = STARTED.matcher(line);
          if (started.find() && started.group(2).startsWith(name)) {
            runsPerJob.merge(started.group(2), 1, Integer::sum);
          }
        }
      }
    }
    return files.size();
  }
}
