package io.snowfox.runtime.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it
 * refuses what Prometheus's own parser refuses (a malformed name, label or value; a second
 * HELP or TYPE of a family; a family's samples split up; a TYPE after its samples; a series
 * twice) and what the format's rules forbid for the types (a histogram whose buckets do not
 * grow, lack {@code +Inf}, or disagree with its count).
 */
public final class PrometheusText {

  private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary",
      "untyped");

  /** One sample: its full name (with any _bucket/_count/_sum suffix), labels and value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.get(key);
    }
  }

  /** A family: its TYPE, HELP and samples. */
  public record Family(String name, String type, String help, List<Sample> samples) {}

  private final Map<String, Family> families = new LinkedHashMap<>();

  private PrometheusText() {}

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  public static PrometheusText parse(String text) {
    PrometheusText parsed = new PrometheusText();
    parsed.read(text);
    parsed.checkTypes();
    return parsed;
  }

  public Map<String, Family> families() {
    return families;
  }

  /** The family, or null. */
  public Family family(String name) {
    return families.get(name);
  }

  /** Every sample whose name is {@code name} and whose labels include {@code labels}. */
  public List<Sample> samples(String name, Map<String, String> labels) {
    List<Sample> found = new ArrayList<>();
    for (Family family : families.values()) {
      for (Sample sample : family.samples()) {
        if (sample.name().equals(name)
            && sample.labels().entrySet().containsAll(labels.entrySet())) {
          found.add(sample);
        }
      }
    }
    return found;
  }

  /** The sum of the samples {@link #samples} finds. */
  public double sum(String name, Map<String, String> labels) {
    return samples(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  private void read(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition does not end with a line feed");
    }
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    Set<String> closed = new HashSet<>();
    Set<String> series = new HashSet<>();
    String open = null;
    int number = 0;
    for (String line : text.split("\n", -1)) {
      number++;
      if (line.isEmpty()) {
        continue;
      }
      String where = "line " + number + " '" + line + "': ";
      if (line.startsWith("#")) {
        String[] parts = line.split(" ", 4);
        if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
          String name = parts[2];
          require(METRIC.matcher(name).matches(), where + "bad metric name");
          String value = parts.length == 4 ? parts[3] : "";
          if (parts[1].equals("HELP")) {
            require(helps.put(name, value) == null, where + "a second HELP for " + name);
          } else {
            require(TYPES.contains(value), where + "unknown type '" + value + "'");
            require(types.put(name, value) == null, where + "a second TYPE for " + name);
            require(!families.containsKey(name), where + "TYPE after samples of " + name);
          }
        }
        continue;
      }
      Sample sample = sample(line, where);
      String family = familyOf(sample.name(), types);
      require(!closed.contains(family) || family.equals(open),
          where + "samples of " + family + " are not together");
      if (open != null && !open.equals(family)) {
        closed.add(open);
      }
      open = family;
      require(series.add(sample.name() + new TreeMap<>(sample.labels())),
          where + "the same series twice");
      families.computeIfAbsent(family, f -> new Family(f, types.getOrDefault(f, "untyped"),
          helps.get(f), new ArrayList<>())).samples().add(sample);
    }
  }

  /** The family a sample belongs to: its own name's TYPE, or that of the name less a suffix. */
  private static String familyOf(String name, Map<String, String> types) {
    if (types.containsKey(name)) {
      return name;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
      if (name.endsWith(suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return name;
  }

  private static Sample sample(String line, String where) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    require(METRIC.matcher(name).matches(), where + "bad metric name");
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        require(eq > i, where + "a label without '='");
        String key = line.substring(i, eq);
        require(LABEL.matcher(key).matches() && !key.startsWith("__"),
            where + "bad label name '" + key + "'");
        require(eq + 1 < line.length() && line.charAt(eq + 1) == '"',
            where + "label value not quoted");
        StringBuilder value = new StringBuilder();
        int j = eq + 2;
        while (true) {
          require(j < line.length(), where + "unterminated label value");
          char c = line.charAt(j);
          if (c == '\\') {
            require(j + 1 < line.length(), where + "a lone backslash");
            char next = line.charAt(j + 1);
            require(next == '\\' || next == '"' || next == 'n', where + "bad escape \\" + next);
            value.append(next == 'n' ? '\n' : next);
            j += 2;
          } else if (c == '"') {
            j++;
            break;
          } else {
            value.append(c);
            j++;
          }
        }
        require(labels.put(key, value.toString()) == null, where + "label " + key + " twice");
        require(j < line.length(), where + "unterminated labels");
        if (line.charAt(j) == ',') {
          j++;
        } else {
          require(line.charAt(j) == '}', where + "expected ',' or '}' after a label");
        }
        i = j;
      }
      i++;
    }
    require(i < line.length() && line.charAt(i) == ' ', where + "no value");
    String[] rest = line.substring(i + 1).split(" ");
    require(rest.length == 1 || rest.length == 2, where + "expected a value and a timestamp");
    double value = value(rest[0], where);
    if (rest.length == 2) {
      try {
        Long.parseLong(rest[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + "bad timestamp");
      }
    }
    return new Sample(name, labels, value);
  }

  private static double value(String text, String where) {
    switch (text) {
      case "NaN":
        return Double.NaN;
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        require(text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?"),
            where + "bad value '" + text + "'");
        return Double.parseDouble(text);
    }
  }

  /** Histograms: buckets that only grow, a +Inf bucket equal to the count, a sum. */
  private void checkTypes() {
    for (Family family : families.values()) {
      if (family.type().equals("counter")) {
        for (Sample sample : family.samples()) {
          require(sample.value() >= 0, family.name() + ": a negative counter");
        }
      }
      if (!family.type().equals("histogram")) {
        continue;
      }
      Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
      Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
      for (Sample sample : family.samples()) {
        Map<String, String> others = new TreeMap<>(sample.labels());
        others.remove("le");
        if (sample.name().equals(family.name() + "_bucket")) {
          require(sample.labels().containsKey("le"), family.name() + ": a bucket without le");
          buckets.computeIfAbsent(others, k -> new ArrayList<>()).add(sample);
        } else if (sample.name().equals(family.name() + "_count")) {
          counts.put(others, sample.value());
        }
      }
      require(!buckets.isEmpty(), family.name() + ": a histogram without buckets");
      buckets.forEach((labels, list) -> {
        double lastBound = Double.NEGATIVE_INFINITY;
        double lastCount = 0;
        for (Sample bucket : list) {
          double bound = value(bucket.label("le"), family.name() + " le: ");
          require(bound > lastBound, family.name() + labels + ": bucket bounds not increasing");
          require(bucket.value() >= lastCount, family.name() + labels + ": buckets shrink");
          lastBound = bound;
          lastCount = bucket.value();
        }
        require(lastBound == Double.POSITIVE_INFINITY, family.name() + labels
            + ": no +Inf bucket");
        require(counts.containsKey(labels) && counts.get(labels) == lastCount,
            family.name() + labels + ": _count differs from the +Inf bucket");
      });
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
