package io.snowfox.api.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several processes' metrics, in the Prometheus text format, made into one exposition: every
 * family (one {@code # HELP} and {@code # TYPE}, then its samples) once, with the samples of
 * every process that has it. Text formats allow a family to appear only once, and each process
 * writes the same families (its JVM's, its bus's), told apart by their {@code node} and
 * {@code role} labels.
 *
 * <p>The texts come from SnowFox's own processes (Micrometer's writer), so each is read by its
 * structure: a sample belongs to the family whose {@code # TYPE} line came last. A family that
 * two processes give different types is kept with the first type; the other's samples are left
 * out rather than mislabelled.
 */
public final class Exposition {

  private static final class Family {
    final String name;
    String help;
    String type;
    final List<String> samples = new ArrayList<>();

    Family(String name) {
      this.name = name;
    }
  }

  private final Map<String, Family> families = new LinkedHashMap<>();

  /** Adds one process's text. */
  public Exposition add(String text) {
    Family current = null;
    boolean skipping = false;
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String rest = line.substring(7);
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        String value = space < 0 ? "" : rest.substring(space + 1);
        if (current == null || !current.name.equals(name)) {
          current = families.computeIfAbsent(name, Family::new);
          skipping = false;
        }
        if (line.startsWith("# HELP ")) {
          if (current.help == null) {
            current.help = value;
          }
        } else if (current.type == null) {
          current.type = value;
        } else if (!current.type.equals(value)) {
          skipping = true;
        }
      } else if (line.startsWith("#")) {
        continue;
      } else if (current == null) {
        families.computeIfAbsent(metricName(line), Family::new).samples.add(line);
      } else if (!skipping) {
        current.samples.add(line);
      }
    }
    return this;
  }

  /** Adds a gauge family of SnowFox's own making: {@code samples} are whole sample lines. */
  public Exposition gauge(String name, String help, List<String> samples) {
    Family family = families.computeIfAbsent(name, Family::new);
    if (family.help == null) {
      family.help = help;
      family.type = "gauge";
    }
    family.samples.addAll(samples);
    return this;
  }

  /** The merged exposition, families in the order they first came. */
  public String text() {
    StringBuilder out = new StringBuilder(families.size() * 256);
    for (Family family : families.values()) {
      if (family.samples.isEmpty()) {
        continue;
      }
      if (family.help != null) {
        out.append("# HELP ").append(family.name).append(' ').append(family.help).append('\n');
      }
      if (family.type != null) {
        out.append("# TYPE ").append(family.name).append(' ').append(family.type).append('\n');
      }
      family.samples.forEach(sample -> out.append(sample).append('\n'));
    }
    return out.toString();
  }

  /** A label value escaped as the text format wants it. */
  public static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String metricName(String sample) {
    int end = 0;
    while (end < sample.length() && sample.charAt(end) != '{' && sample.charAt(end) != ' ') {
      end++;
    }
    return sample.substring(0, end);
  }
}
