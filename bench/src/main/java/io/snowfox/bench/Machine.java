package io.snowfox.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The machine a run was taken on, as the report shows it.
 *
 * @param cpus {@code nproc}
 * @param cpuModel the first {@code model name} of /proc/cpuinfo
 * @param memory MemTotal of /proc/meminfo
 * @param os PRETTY_NAME of /etc/os-release, kernel and architecture
 * @param javaVersion {@code java -version} of the JVM running the benchmark
 */
record Machine(String cpus, String cpuModel, String memory, String os, String javaVersion) {

  private static final Duration COMMAND_BOUND = Duration.ofSeconds(20);

  static Machine describe(Processes processes) throws InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new Machine(
        output(processes, List.of("nproc"),
            Runtime.getRuntime().availableProcessors() + " (JVM's count; nproc failed)"),
        field(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"),
        field(Path.of("/proc/meminfo"), "MemTotal").map(Machine::kibToGib).orElse("unknown"),
        field(Path.of("/etc/os-release"), "PRETTY_NAME").map(v -> v.replace("\"", ""))
            .orElse(System.getProperty("os.name"))
            + ", kernel " + System.getProperty("os.version") + ", " + System.getProperty("os.arch"),
        output(processes, List.of(java, "-version"), System.getProperty("java.vm.name") + " "
            + System.getProperty("java.runtime.version")));
  }

  private static String output(Processes processes, List<String> command, String otherwise)
      throws InterruptedException {
    try {
      return processes.output(command, COMMAND_BOUND);
    } catch (IOException | RuntimeException e) {
      return otherwise;
    }
  }

  /** /proc/loadavg: the 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  /** The value of the first {@code key: value} or {@code key=value} line of a file. */
  static Optional<String> field(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          String rest = line.substring(key.length()).trim();
          if (rest.startsWith(":") || rest.startsWith("=")) {
            return Optional.of(rest.substring(1).trim());
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String kibToGib(String value) {
    String number = value.replace("kB", "").trim();
    try {
      return String.format("%.1f GiB", Long.parseLong(number) / 1024.0 / 1024.0);
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
