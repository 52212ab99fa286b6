package io.snowfox.runtime.process;

import java.io.IOException;
import java.io.InputStream;

/**
 * Notices the death of the parent (the daemon): a supervised child's stdin is a pipe from its
 * parent that is never written to, so end-of-file means the parent is gone, however it died,
 * SIGKILL included.
 */
public final class ParentWatch {

  private ParentWatch() {}

  /** Starts a daemon thread that runs {@code onParentGone} when stdin reaches end-of-file. */
  public static void start(InputStream stdin, Runnable onParentGone) {
    Thread watcher = new Thread(() -> {
      byte[] sink = new byte[256];
      try {
        while (stdin.read(sink) >= 0) {
          // the parent never writes; anything read is ignored
        }
      } catch (IOException e) {
        // a broken pipe means the same as end-of-file
      }
      onParentGone.run();
    }, "snowfox-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
