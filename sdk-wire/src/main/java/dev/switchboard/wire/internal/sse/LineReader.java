package dev.switchboard.wire.internal.sse;

import dev.switchboard.wire.internal.http.LimitExceeded;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import okio.BufferedSource;

/**
 * Reads the lines of a stream body, each at most a given number of bytes and strictly UTF-8.
 *
 * <p>Why not Okio's {@code readUtf8Line}: it buffers a line of any length (a server that never
 * sends a newline runs the JVM out of memory) and replaces malformed bytes with U+FFFD, which would
 * alter clinical text without notice. This reader scans for the newline only within the limit and
 * decodes with a reporting decoder. Not thread-safe.
 */
public final class LineReader {
  private final BufferedSource source;
  private final long maxLine;
  private final String limitKey;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private long bytesRead;

  /**
   * @param maxLine the most bytes one line may have, without its line end
   * @param limitKey the config key of that limit, for the error
   */
  public LineReader(BufferedSource source, long maxLine, String limitKey) {
    this.source = source;
    this.maxLine = maxLine;
    this.limitKey = limitKey;
  }

  /**
   * The next line without its LF or CRLF, or null at the end of the body.
   *
   * @throws LimitExceeded if a line is longer than the limit
   * @throws CharacterCodingException if a line is not valid UTF-8
   * @throws IOException if reading fails
   */
  public String next() throws IOException {
    long scan = maxLine < Long.MAX_VALUE ? maxLine + 1 : maxLine; // one byte past the limit
    long newline = source.indexOf((byte) '\n', 0, scan);
    byte[] line;
    if (newline >= 0) {
      line = source.readByteArray(newline);
      source.skip(1);
      bytesRead += newline + 1;
    } else if (source.request(scan)) {
      throw new LimitExceeded(limitKey, maxLine);
    } else {
      long size = source.getBuffer().size();
      if (size == 0) return null;
      line = source.readByteArray(size); // a last line without a line end
      bytesRead += size;
    }
    int n = line.length;
    if (n > 0 && line[n - 1] == '\r') n--;
    return decode(line, n);
  }

  private String decode(byte[] line, int n) throws CharacterCodingException {
    boolean ascii = true;
    for (int i = 0; i < n && ascii; i++) ascii = line[i] >= 0;
    if (ascii) return new String(line, 0, n, StandardCharsets.ISO_8859_1); // the common case
    return utf8.reset().decode(ByteBuffer.wrap(line, 0, n)).toString();
  }

  /** Bytes consumed so far, line ends included. */
  public long bytesRead() {
    return bytesRead;
  }
}
