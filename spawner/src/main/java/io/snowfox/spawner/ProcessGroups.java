package io.snowfox.spawner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signals whole process groups. Every run leads its own group (it is started with setsid), so
 * signalling the group reaches its children and grandchildren too. Java can signal only single
 * pids; a group is signalled with {@code kill -s SIG -- -PGID}.
 *
 * <p>That kill is the builtin of one shell kept for the spawner's life, which reads a signal and
 * a group per line and answers whether any process got it. Forking {@code kill} for every ended
 * run (the group is killed after its leader exits) cost the spawner more CPU than running
 * {@code /bin/true} did. The shell reads only what this class writes: a checked signal name and
 * a number. It ends when the spawner closes it or dies (its input ends). Should it fail, the
 * next call starts another; {@link #signalOnce} forks {@code kill} as before.
 *
 * <p>Blocking: call it off the event loop.
 */
final class ProcessGroups implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);

  /**
   * Answers {@code y} when the group got the signal, {@code n} when no process of it is left
   * (the builtin's status 1), {@code e} when the builtin does not know the signal's name (status
   * 2; dash's knows fewer names than {@code /bin/kill}, e.g. not {@code SIGTERM} or {@code IOT}).
   */
  private static final String LOOP = "while read -r sig pgid; do "
      + "kill -s \"$sig\" -- \"-$pgid\" 2>/dev/null; status=$?; "
      + "if [ $status -eq 0 ]; then echo y; elif [ $status -eq 1 ]; then echo n; "
      + "else echo e; fi; done";

  private Process shell;
  private Writer toShell;
  private BufferedReader fromShell;

  /** Sends {@code signal} (a name such as TERM or KILL) to the group; false if none is left. */
  synchronized boolean signal(long pgid, String signal) {
    check(pgid, signal);
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        if (shell == null) {
          startShell();
        }
        toShell.write(signal + " " + pgid + "\n");
        toShell.flush();
        String answer = fromShell.readLine();
        if ("e".equals(answer)) {
          return signalOnce(pgid, signal); // a name only /bin/kill knows
        }
        if (answer != null) {
          return answer.equals("y");
        }
      } catch (IOException e) {
        log.warn("the signalling shell failed ({}); starting another", e.getMessage());
      }
      close();
    }
    return signalOnce(pgid, signal);
  }

  /** Stops the shell; a later {@link #signal} starts another. */
  @Override
  public synchronized void close() {
    if (shell != null) {
      try {
        toShell.close(); // end of input ends its loop
      } catch (IOException ignored) {
        // it is going anyway
      }
      shell.destroy();
      shell = null;
    }
  }

  private void startShell() throws IOException {
    shell = new ProcessBuilder("/bin/sh", "-c", LOOP)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    toShell = new OutputStreamWriter(shell.getOutputStream(), StandardCharsets.US_ASCII);
    fromShell = new BufferedReader(new InputStreamReader(shell.getInputStream(),
        StandardCharsets.US_ASCII));
  }

  /** Sends {@code signal} to the group by forking {@code kill}; false if none is left. */
  static boolean signalOnce(long pgid, String signal) {
    check(pgid, signal);
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

  private static void check(long pgid, String signal) {
    if (pgid <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + pgid);
    }
    if (!isValidSignal(signal)) {
      throw new IllegalArgumentException("not a signal name: " + signal);
    }
  }

  /** True when the signal name is one {@code kill -s} accepts here. */
  static boolean isValidSignal(String signal) {
    return signal != null && signal.matches("[A-Z][A-Z0-9+]{1,9}");
  }
}
