package io.snowfox.it;

import java.time.Duration;

/** Waits for an assertion to hold, as cluster state settles asynchronously. */
final class Eventually {

  private Eventually() {}

  /** Retries {@code assertion} until it passes or {@code within} has elapsed; then rethrows. */
  static void eventually(Duration within, ThrowingRunnable assertion) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        assertion.run();
        return;
      } catch (AssertionError | Exception e) {
        if (System.nanoTime() > deadline) {
          if (e instanceof AssertionError error) {
            throw error;
          }
          throw new AssertionError("still failing after " + within, e);
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
