package io.snowfox.runtime.identity;

import io.snowfox.runtime.identity.JobUsers.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The accounts of this machine, looked up through NSS with {@code getent passwd}: the same
 * source ({@code /etc/passwd}, LDAP, sssd...) {@code setpriv} reads through {@code getpwnam(3)}.
 * A name of digits is looked up as a uid. Answers are kept {@link #CACHE_FOR}, so that starting
 * many jobs as the same user costs one lookup. Blocking: call off the event loop.
 */
public final class Accounts implements JobUsers.Lookup {

  static final Path GETENT = Path.of("/usr/bin/getent");
  /** A lookup that takes longer (an unreachable directory server) fails. */
  static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);
  /** How long an answer is reused. */
  static final Duration CACHE_FOR = Duration.ofSeconds(10);

  private record Cached(Optional<Account> account, long expiresNanos) {}

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  @Override
  public Optional<Account> find(String user) {
    // Only names that pass the rule get here: none starts with '-', so none is a getent option.
    if (!JobUsers.isAccountName(user)) {
      return Optional.empty();
    }
    Cached cached = cache.get(user);
    if (cached != null && cached.expiresNanos() - System.nanoTime() > 0) {
      return cached.account();
    }
    Optional<Account> account = getent(user);
    cache.put(user, new Cached(account, System.nanoTime() + CACHE_FOR.toNanos()));
    return account;
  }

  private final Map<String, CachedGroup> groups = new ConcurrentHashMap<>();

  private record CachedGroup(Optional<Long> gid, long expiresNanos) {}

  @Override
  public Optional<Long> findGroup(String group) {
    if (!JobUsers.isAccountName(group)) {
      return Optional.empty();
    }
    CachedGroup cached = groups.get(group);
    if (cached != null && cached.expiresNanos() - System.nanoTime() > 0) {
      return cached.gid();
    }
    Optional<Long> gid = getent("group", group).flatMap(Accounts::parseGroup);
    groups.put(group, new CachedGroup(gid, System.nanoTime() + CACHE_FOR.toNanos()));
    return gid;
  }

  /** The gid of a group line ({@code name:x:gid:members}). */
  static Optional<Long> parseGroup(String line) {
    String[] fields = line.split(":", -1);
    if (fields.length < 3) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(fields[2]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Account> getent(String user) {
    return getent("passwd", user).flatMap(Accounts::parse);
  }

  /** The first line {@code getent DATABASE KEY} prints, or empty when there is no such entry. */
  private static Optional<String> getent(String database, String key) {
    try {
      Process process = new ProcessBuilder(GETENT.toString(), database, key)
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
      if (!process.waitFor(LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new UncheckedIOException(new IOException("getent " + database + " " + key
            + " did not answer within " + LOOKUP_TIMEOUT.toSeconds() + " s"));
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      switch (process.exitValue()) {
        case 0:
          return Optional.of(out.lines().findFirst().orElse(""));
        case 2:
          return Optional.empty(); // no such entry
        default:
          throw new UncheckedIOException(new IOException("getent " + database + " " + key
              + " failed (" + process.exitValue() + "): " + out.strip()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + GETENT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted looking up " + key, e));
    }
  }

  /** An account from a passwd line ({@code name:x:uid:gid:gecos:home:shell}). */
  static Optional<Account> parse(String line) {
    String[] fields = line.split(":", -1);
    if (fields.length < 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Account(fields[0], Long.parseLong(fields[2]),
          Long.parseLong(fields[3]), fields.length > 5 ? fields[5] : ""));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** True when this process runs as root (uid 0). */
  public static boolean runningAsRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[1].equals("0");
        }
      }
    } catch (IOException e) {
      // not Linux or no /proc: not root as far as we can tell
    }
    return false;
  }
}
