package dev.switchboard.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** A bad flag, value or input file: exit code 2, with a message naming the flag and value. */
final class UsageError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageError(String message) {
    super(message, null, false, false);
  }

  /** {@code --flag value: problem}. */
  static UsageError of(String flag, Object value, String problem) {
    return new UsageError(flag + " " + shown(value) + ": " + problem);
  }

  /** A value as the user would have typed it: {@code 5}, not {@code 5.0}. */
  private static String shown(Object value) {
    if (value instanceof Double d && !d.isInfinite() && d == Math.rint(d)) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(value);
  }

  /**
   * The file, if it exists and is a readable regular file.
   *
   * @throws UsageError naming the flag otherwise
   */
  static Path existingFile(String flag, Path file) {
    if (file == null) return null;
    if (!Files.exists(file)) throw of(flag, file, "no such file");
    if (!Files.isRegularFile(file)) throw of(flag, file, "not a regular file");
    if (!Files.isReadable(file)) throw of(flag, file, "not readable");
    return file;
  }
}
