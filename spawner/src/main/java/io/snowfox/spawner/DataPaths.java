package io.snowfox.spawner;

import io.snowfox.protocol.StatusException;
import io.snowfox.protocol.v1.StatusCode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Paths under one of the spawner's directories, made of names that come from requests. Handlers
 * check ids first ({@link io.snowfox.protocol.JobIds}); this is the second line, so that a
 * handler that forgets cannot read, write or delete outside the directory.
 */
final class DataPaths {

  private DataPaths() {}

  /**
   * {@code base/segments[0]/segments[1]...}, each segment one plain name.
   *
   * @throws StatusException BAD_REQUEST when a segment is empty, {@code .}, {@code ..}, holds a
   *     slash or a NUL, or the path would not be strictly under {@code base}
   */
  static Path under(Path base, String... segments) {
    Path root = base.toAbsolutePath().normalize();
    Path path = root;
    for (String segment : segments) {
      if (segment == null || segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || segment.indexOf('/') >= 0 || segment.indexOf('\0') >= 0) {
        throw outside(base, segment);
      }
      try {
        path = path.resolve(segment);
      } catch (InvalidPathException e) {
        throw outside(base, segment);
      }
    }
    Path normal = path.normalize();
    if (!normal.startsWith(root) || normal.equals(root)
        || normal.getNameCount() != root.getNameCount() + segments.length) {
      throw outside(base, String.join("/", segments));
    }
    return normal;
  }

  private static StatusException outside(Path base, String name) {
    String shown = String.valueOf(name).replaceAll("\\p{Cntrl}", "?");
    return new StatusException(StatusCode.STATUS_CODE_BAD_REQUEST,
        "'" + shown + "' does not name a path under " + base);
  }
}
