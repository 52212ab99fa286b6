package io.snowfox.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The management token of each test node, found as an operator on the machine finds it: in the
 * node's data dir. {@link Http} and {@link Cli} present the token of the node they talk to.
 */
final class Tokens {

  private static final Map<String, Path> DATA_DIRS = new ConcurrentHashMap<>();

  private Tokens() {}

  /** Remembers where the node serving {@code apiUrl} keeps its token. */
  static void register(String apiUrl, Path dataDir) {
    DATA_DIRS.put(authority(apiUrl), dataDir);
  }

  /** The management token of the node serving {@code url}, or null when none is known yet. */
  static String forUrl(String url) {
    Path dataDir = DATA_DIRS.get(authority(url));
    if (dataDir == null) {
      return null;
    }
    Path file = dataDir.resolve("management.token");
    try {
      return Files.isRegularFile(file)
          ? Files.readString(file, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String authority(String url) {
    return URI.create(url).getAuthority();
  }
}
