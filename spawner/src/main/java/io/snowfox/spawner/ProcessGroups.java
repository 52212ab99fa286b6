package io.snowfox.spawner;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals whole process groups. Every run leads its own group (it is started with setsid), so
 * signalling the group reaches its children and grandchildren too. Java can signal only single
 * pids, so this runs {@code kill -s SIG -- -PGID}; blocking, call it off the event loop.
 */
final class ProcessGroups {

  private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);

  private ProcessGroups() {}

  /** Sends {@code signal} (a name such as TERM or KILL) to the group; false if none is left. */
  static boolean signal(long pgid, String signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
        return false;
      }
      return kill.exitValue() == 0;
    } catch (IOException e) {
      log.warn("could not signal process group {}: {}", pgid, e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True when the signal name is one {@code kill -s} accepts here. */
  static boolean isValidSignal(String signal) {
    return signal != null && signal.matches("[A-Z][A-Z0-9+]{1,9}");
  }
}
