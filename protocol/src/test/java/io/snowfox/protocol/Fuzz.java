package io.snowfox.protocol;

import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a check over generated inputs, each from its own seed, so that a failure names the seed
 * that reproduces it. Sized for CI; {@code -Dsnowfox.fuzz.tries=N} runs longer and
 * {@code -Dsnowfox.fuzz.seed=S} replays a reported failure, or with a number of tries the run
 * that led to it (docs/security.md, Fuzzing).
 */
final class Fuzz {

  static final String TRIES_PROPERTY = "snowfox.fuzz.tries";
  static final String SEED_PROPERTY = "snowfox.fuzz.seed";
  /** The seed value that asks for a fresh random seed. */
  static final String RANDOM = "random";
  /** Where the build's inputs start. */
  static final long BUILD_SEED = 20_261_201L;

  private Fuzz() {}

  /** Checks {@code ciTries} inputs, or as many as {@value #TRIES_PROPERTY} asks for. */
  static <T> void forAll(int ciTries, Function<Random, T> generator, Consumer<T> check) {
    String asked = System.getProperty(SEED_PROPERTY);
    Long replay = asked == null || asked.equals(RANDOM) ? null : Long.valueOf(asked);
    int tries = Integer.getInteger(TRIES_PROPERTY, replay != null ? 1 : ciTries);
    // The build explores the same inputs every time (a red build is a bug, never bad luck);
    // -Dsnowfox.fuzz.seed=random explores new ones.
    long base = replay != null ? replay
        : RANDOM.equals(asked) ? new Random().nextLong() : BUILD_SEED;
    for (int i = 0; i < tries; i++) {
      long seed = base + i;
      T input = generator.apply(new Random(seed));
      try {
        check.accept(input);
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        throw new AssertionError("try " + (i + 1) + " of " + tries + " failed; replay with -D"
            + SEED_PROPERTY + "=" + seed + "; input: " + shorten(String.valueOf(input)), e);
      }
    }
  }

  private static String shorten(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "... (" + text.length()
        + " chars)";
  }
}
