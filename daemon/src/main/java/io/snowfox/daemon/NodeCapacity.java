package io.snowfox.daemon;

import java.lang.management.ManagementFactory;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * What a node offers to jobs ({@code snowfox daemon --cpu, --memory-mb}): the leading manager
 * places instances so that their resources fit in it. It is published with the node's entry in
 * the node map.
 *
 * @param cpu CPU cores, greater than 0; may be a fraction
 * @param memoryMb memory in MiB, greater than 0
 */
public record NodeCapacity(double cpu, long memoryMb) {

  private static final long MIB = 1024 * 1024;
  /** Plain decimals only: no sign, exponent, hexadecimal, NaN or Infinity. */
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,9}(\\.\\d{1,9})?|\\.\\d{1,9}");
  private static final Pattern WHOLE = Pattern.compile("\\d{1,15}");

  /** The processors this JVM may use. */
  public static double machineCpu() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * The machine's physical memory in MiB (a container's limit inside one); 0 when this JVM
   * cannot tell.
   */
  public static long machineMemoryMb() {
    // Read only when a daemon starts: loading the management classes costs every CLI command.
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / MIB;
    }
    return 0;
  }

  /** Parses {@code --cpu}: a decimal number of cores greater than 0. */
  public static double parseCpu(String text) {
    return positive(text, DECIMAL, Double::valueOf, "--cpu", "give the cores this node offers "
        + "to jobs, a decimal number greater than 0, for example 4 or 0.5");
  }

  /** Parses {@code --memory-mb}: a whole number of MiB greater than 0. */
  public static long parseMemoryMb(String text) {
    return positive(text, WHOLE, Long::valueOf, "--memory-mb", "give the memory this node "
        + "offers to jobs in MiB, a whole number greater than 0, for example 4096");
  }

  /** The number {@code text} writes in {@code form}, when greater than 0. */
  private static <N extends Number> N positive(String text, Pattern form,
      Function<String, N> parse, String option, String expected) {
    String value = text == null ? "" : text.strip();
    if (form.matcher(value).matches()) {
      N number = parse.apply(value);
      if (number.doubleValue() > 0) {
        return number;
      }
    }
    throw new IllegalArgumentException("invalid " + option + " '" + text + "': " + expected);
  }

  /** picocli converter of {@code --cpu}. */
  public static final class CpuConverter extends Converter<Double> {
    @Override
    Double parse(String value) {
      return parseCpu(value);
    }
  }

  /** picocli converter of {@code --memory-mb}. */
  public static final class MemoryConverter extends Converter<Long> {
    @Override
    Long parse(String value) {
      return parseMemoryMb(value);
    }
  }

  /** Reports a bad value as picocli reports any: the option, the value and what is expected. */
  private abstract static class Converter<T> implements ITypeConverter<T> {
    abstract T parse(String value);

    @Override
    public T convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
