package dev.pilot.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code .local-data/local-stack.pid}: which process runs the stack (for scripts), while it runs.
 */
final class PidFile {

  private PidFile() {}

  static void write(Path file, StartedParts started) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, ProcessHandle.current().pid() + "\n");
      started.add("pid file", () -> deleteQuietly(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a stale pid file names a process that no longer exists; scripts check
    }
  }
}
