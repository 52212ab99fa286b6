package io.snowfox.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where one role's Java code spent its CPU: the execution samples of its flight recording in a
 * time window, counted by the area of the top frame (self), by the areas anywhere on the stack
 * (inclusive), by top method, and as folded stacks for a flame graph.
 *
 * @param samples execution samples in the window
 * @param self samples whose top frame is in each area
 * @param inclusive samples whose stack holds a frame of each area (a sample counts in several)
 * @param methods samples per top-frame method ({@code class.method})
 * @param stacks samples per stack, root first, frames as {@link FoldedStacks#frame} names them,
 *     joined by {@code ;}
 * @param truncated samples whose stack JFR cut at its depth limit (their roots are missing)
 */
record RoleProfile(String role, long samples, Map<CodeArea, Long> self,
    Map<CodeArea, Long> inclusive, Map<String, Long> methods, Map<String, Long> stacks,
    long truncated) {

  /** The JFR event of a thread sampled while running Java code. */
  static final String EXECUTION_SAMPLE = "jdk.ExecutionSample";

  /** A method and its share of the role's samples. */
  record Method(String name, CodeArea area, long samples) {}

  /** Reads the execution samples of {@code recording} taken in [from, to]. */
  static RoleProfile read(String role, Path recording, Instant from, Instant to)
      throws IOException {
    Map<CodeArea, Long> self = new EnumMap<>(CodeArea.class);
    Map<CodeArea, Long> inclusive = new EnumMap<>(CodeArea.class);
    Map<String, Long> methods = new HashMap<>();
    Map<String, Long> stacks = new HashMap<>();
    long samples = 0;
    long truncated = 0;
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        RecordedStackTrace stack = event.getStackTrace();
        if (!event.getEventType().getName().equals(EXECUTION_SAMPLE) || stack == null
            || stack.getFrames().isEmpty() || event.getStartTime().isBefore(from)
            || event.getStartTime().isAfter(to)) {
          continue;
        }
        samples++;
        truncated += stack.isTruncated() ? 1 : 0;
        List<RecordedFrame> frames = stack.getFrames();
        String top = name(frames.get(0));
        self.merge(area(frames.get(0)), 1L, Long::sum);
        methods.merge(top, 1L, Long::sum);
        Set<CodeArea> areas = new LinkedHashSet<>();
        List<String> folded = new ArrayList<>();
        for (int i = frames.size() - 1; i >= 0; i--) {
          areas.add(area(frames.get(i)));
          folded.add(FoldedStacks.frame(frames.get(i).getMethod().getType().getName(),
              frames.get(i).getMethod().getName()));
        }
        areas.stream().filter(CodeArea::inclusive)
            .forEach(area -> inclusive.merge(area, 1L, Long::sum));
        stacks.merge(String.join(";", folded), 1L, Long::sum);
      }
    }
    return new RoleProfile(role, samples, self, inclusive, methods, stacks, truncated);
  }

  /** The share of this role's samples, in percent. */
  double percent(long count) {
    return samples == 0 ? 0 : 100.0 * count / samples;
  }

  /** The {@code n} methods with the most samples as top frame. */
  List<Method> topMethods(int n) {
    return methods.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .map(e -> new Method(e.getKey(), CodeArea.of(className(e.getKey())), e.getValue()))
        .toList();
  }

  /**
   * Writes the stacks as folded lines for a flame graph (see {@link FoldedStacks}); returns
   * the share of the samples whose whole stack was kept, in percent.
   */
  double writeFolded(Path file) throws IOException {
    return FoldedStacks.write(stacks, file);
  }

  private static CodeArea area(RecordedFrame frame) {
    return CodeArea.of(frame.getMethod().getType().getName());
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  /** The class part of a {@code class.method} name. */
  private static String className(String method) {
    int dot = method.lastIndexOf('.');
    return dot < 0 ? method : method.substring(0, dot);
  }
}
