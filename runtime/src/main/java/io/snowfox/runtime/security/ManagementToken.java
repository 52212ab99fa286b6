package io.snowfox.runtime.security;

import io.snowfox.protocol.v1.TokenRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * A node's management token, in {@code <data-dir>/management.token}: written on the node's
 * first start, readable by the daemon's user only (mode 0600). The local CLI reads it, so an
 * operator on the machine needs nothing else; whoever can read the file is the cluster's
 * administrator, exactly as whoever can read the data dir already was.
 */
public final class ManagementToken {

  /** Name of the file in the data dir. */
  public static final String FILE = "management.token";

  private ManagementToken() {}

  /** The file of a data dir. */
  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE);
  }

  /**
   * The node's token: the one in the file, or a new one written there (0600, created
   * exclusively, so two processes starting at once agree on one).
   */
  public static String ensure(Path dataDir, String nodeId) throws IOException {
    Optional<String> existing = read(dataDir);
    if (existing.isPresent()) {
      return existing.get();
    }
    Files.createDirectories(dataDir);
    String token = ApiTokens.issue(Namespaces.ALL, TokenRole.TOKEN_ROLE_MANAGEMENT,
        "management token of node " + nodeId, 0).token();
    Path file = file(dataDir);
    // Written whole under another name, then linked in place: a link fails if the file exists,
    // so two processes starting at once agree on one token and nobody reads half of one.
    Path written = Files.createTempFile(dataDir, FILE, ".new", PosixFilePermissions
        .asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(written, token + "\n", StandardCharsets.UTF_8);
      Files.createLink(file, written);
      return token;
    } catch (FileAlreadyExistsException raced) {
      return read(dataDir).orElseThrow(() -> new IOException(file + " is not a token"));
    } finally {
      Files.deleteIfExists(written);
    }
  }

  /** The token in a data dir's file, when there is a well-formed one. */
  public static Optional<String> read(Path dataDir) throws IOException {
    Path file = file(dataDir);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (ApiTokens.parse(text).isEmpty()) {
      throw new IOException(file + " does not hold a SnowFox token; remove it to make a new one");
    }
    return Optional.of(text);
  }
}
