package dev.switchboard.wire.internal.sse;

import dev.switchboard.spi.ResponseLimits;
import java.io.IOException;
import okio.BufferedSource;

/**
 * A pull-based reader of newline-delimited JSON (Ollama's native stream): one JSON document per
 * line, blank lines skipped, LF or CRLF; lines bounded and strictly UTF-8 (see {@link LineReader}).
 * Not thread-safe.
 */
public final class NdjsonReader {
  private final LineReader lines;

  /** A reader with the default line limit. */
  public NdjsonReader(BufferedSource source) {
    this(source, ResponseLimits.DEFAULTS.maxStreamLine());
  }

  /**
   * @param maxLine the most bytes of one line ({@code max-stream-line})
   */
  public NdjsonReader(BufferedSource source, long maxLine) {
    this.lines = new LineReader(source, maxLine, ResponseLimits.MAX_STREAM_LINE);
  }

  /** Bytes of the body consumed so far. */
  public long bytesRead() {
    return lines.bytesRead();
  }

  /**
   * Reads the next non-blank line.
   *
   * @return the line's text (one JSON document), or null at the end of the body
   * @throws dev.switchboard.wire.internal.http.LimitExceeded if a line is longer than the limit
   * @throws java.nio.charset.CharacterCodingException if a line is not valid UTF-8
   * @throws IOException if reading fails
   */
  public String next() throws IOException {
    String line;
    while ((line = lines.next()) != null) {
      String t = line.strip();
      if (!t.isEmpty()) return t;
    }
    return null;
  }
}
