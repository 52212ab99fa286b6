package io.snowfox.spawner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Files replaced whole, so that a reader (a restarted spawner) never finds half of one. */
final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Writes {@code text} to {@code <file>.tmp} beside {@code file}, then moves it over
   * {@code file} in one step; creates the directory. Blocking.
   */
  static void replace(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
