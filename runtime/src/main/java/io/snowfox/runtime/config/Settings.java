package io.snowfox.runtime.config;

import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where each setting of a process comes from: a flag, the environment ({@code SNOWFOX_*}, for
 * example {@code --cluster-name} from {@code SNOWFOX_CLUSTER_NAME}) or the built-in default.
 * The options of every command are the one source of truth; this class only finds and reports
 * their values.
 */
public final class Settings implements CommandLine.IDefaultValueProvider {

  private final Map<String, String> environment;

  public Settings() {
    this(System.getenv());
  }

  public Settings(Map<String, String> environment) {
    this.environment = environment;
  }

  /** The environment variable that can set {@code --some-option}: {@code SNOWFOX_SOME_OPTION}. */
  public static String environmentName(OptionSpec option) {
    return "SNOWFOX_" + option.longestName().replaceFirst("^-+", "").replace('-', '_')
        .toUpperCase(Locale.ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
      String value = environment.get(environmentName(option));
      if (value != null) {
        return value;
      }
    }
    return argSpec.defaultValue();
  }

  private static String show(Object value) {
    if (value == null) {
      return "(not set)";
    }
    return value instanceof java.time.Duration duration ? Durations.format(duration)
        : String.valueOf(value);
  }

  /** Logs every option of {@code spec} with its value and where the value came from. */
  public void log(Logger log, CommandSpec spec) {
    CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
    StringBuilder lines = new StringBuilder("settings of '")
        .append(spec.qualifiedName()).append('\'');
    for (OptionSpec option : spec.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String source = parsed != null && parsed.hasMatchedOption(option) ? "flag"
          : environment.containsKey(environmentName(option))
              ? "environment " + environmentName(option)
              : "default";
      lines.append(System.lineSeparator()).append("  ").append(option.longestName())
          .append(" = ").append(show(option.getValue()))
          .append("  (").append(source).append(')');
    }
    log.info("{}", lines);
  }
}
