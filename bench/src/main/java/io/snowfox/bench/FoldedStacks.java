package io.snowfox.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sampled stacks as folded lines ({@code root;...;leaf count}), the input of
 * {@code flamegraph.pl} and speedscope, pruned as a flame graph would be drawn: a call below a
 * share of the samples is cut, and its samples are kept one level up under {@link #PRUNED}, so
 * every box keeps its width.
 *
 * <p>A role's stacks run 50 to 150 frames deep (Netty's pipeline, Vert.x, Hazelcast), and every
 * line repeats its whole stack: packages are abbreviated ({@code i.n.c.DefaultChannelPipeline})
 * and the cut is at {@link #MIN_SHARE}, where a box would be a few pixels wide anyway, so that a
 * role's file stays in the hundreds of kilobytes.
 */
final class FoldedStacks {

  /** Calls with less than this share of the samples are cut. */
  static final double MIN_SHARE = 0.005;
  /** The frame that stands for the callees cut at a call. */
  static final String PRUNED = "[callees under 0.5% each]";

  /** A call in the tree: its samples, its callees' included. */
  private static final class Call {
    long samples;
    final Map<String, Call> callees = new TreeMap<>();
  }

  private FoldedStacks() {}

  /**
   * Writes {@code stacks} (frames root first, joined by {@code ;}, and their samples) to
   * {@code file}; returns the share of the samples whose whole stack was kept, in percent.
   */
  static double write(Map<String, Long> stacks, Path file) throws IOException {
    Call root = new Call();
    for (Map.Entry<String, Long> stack : stacks.entrySet()) {
      root.samples += stack.getValue();
      Call call = root;
      for (String frame : stack.getKey().split(";")) {
        call = call.callees.computeIfAbsent(frame, f -> new Call());
        call.samples += stack.getValue();
      }
    }
    long min = Math.max(1, (long) Math.ceil(root.samples * MIN_SHARE));
    List<String> lines = new ArrayList<>();
    long pruned = fold(root, "", min, lines);
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, lines, StandardCharsets.UTF_8);
    return root.samples == 0 ? 100 : 100.0 * (root.samples - pruned) / root.samples;
  }

  /**
   * A frame as a folded line names it: {@code io.netty.channel.DefaultChannelPipeline} becomes
   * {@code i.n.c.DefaultChannelPipeline}, and a lambda loses its run-specific address.
   */
  static String frame(String className, String method) {
    int slash = className.indexOf('/');
    String name = slash < 0 ? className : className.substring(0, slash);
    StringBuilder frame = new StringBuilder();
    int start = 0;
    for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', start)) {
      frame.append(name.charAt(start)).append('.');
      start = dot + 1;
    }
    return frame.append(name, start, name.length()).append('.').append(method).toString();
  }

  /** Adds the lines of {@code call}'s subtree; returns the samples cut below it. */
  private static long fold(Call call, String path, long min, List<String> lines) {
    long self = call.samples;
    long cut = 0;
    long pruned = 0;
    for (Map.Entry<String, Call> callee : call.callees.entrySet()) {
      self -= callee.getValue().samples;
      if (callee.getValue().samples < min) {
        cut += callee.getValue().samples;
      } else {
        String calleePath = path.isEmpty() ? callee.getKey() : path + ";" + callee.getKey();
        pruned += fold(callee.getValue(), calleePath, min, lines);
      }
    }
    if (self > 0 && !path.isEmpty()) {
      lines.add(path + " " + self);
    }
    if (cut > 0) {
      lines.add((path.isEmpty() ? "" : path + ";") + PRUNED + " " + cut);
    }
    return pruned + cut;
  }
}
