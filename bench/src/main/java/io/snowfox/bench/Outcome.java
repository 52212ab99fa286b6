package io.snowfox.bench;

import java.util.concurrent.Callable;

/**
 * The result of one part of the run, or why it failed: a failed part is reported and the run
 * goes on with the next one.
 */
record Outcome<T>(T value, String failure) {

  static <T> Outcome<T> of(String what, Callable<T> part) {
    try {
      return new Outcome<>(part.call(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed(what, e);
    } catch (Exception e) {
      return failed(what, e);
    }
  }

  static <T> Outcome<T> skipped(String why) {
    return new Outcome<>(null, why);
  }

  boolean ok() {
    return failure == null;
  }

  private static <T> Outcome<T> failed(String what, Exception e) {
    String why = e.getMessage() == null ? e.toString() : e.getMessage();
    BenchMain.say(what + " FAILED: " + why);
    return new Outcome<>(null, why);
  }
}
