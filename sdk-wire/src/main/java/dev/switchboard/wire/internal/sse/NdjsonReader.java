package dev.switchboard.wire.internal.sse;

import java.io.IOException;
import okio.BufferedSource;

/**
 * A pull-based reader of newline-delimited JSON (Ollama's native stream): one JSON document per
 * line, blank lines skipped, LF or CRLF. Not thread-safe.
 */
public final class NdjsonReader {
  private final BufferedSource source;

  public NdjsonReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * Reads the next non-blank line.
   *
   * @return the line's text (one JSON document), or null at the end of the body
   * @throws IOException if reading fails
   */
  public String next() throws IOException {
    String line;
    while ((line = source.readUtf8Line()) != null) {
      String t = line.strip();
      if (!t.isEmpty()) return t;
    }
    return null;
  }
}
