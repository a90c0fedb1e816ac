package dev.switchboard.wire.internal.sse;

import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.LimitExceeded;
import java.io.IOException;
import okio.BufferedSource;

/**
 * A pull-based Server-Sent Events parser over a response body. Handles {@code data:} (several lines
 * joined by newlines), {@code event:}, comment lines ({@code :} keep-alive pings), LF and CRLF line
 * ends, a final event without a trailing blank line, and llama.cpp's non-standard {@code error:}
 * field line, which it reports as an error event. Lines are bounded and strictly UTF-8 (see {@link
 * LineReader}). Not thread-safe.
 */
public final class SseReader {
  private final LineReader lines;
  private final long maxEvent;
  private final StringBuilder data = new StringBuilder(256);
  private String event;
  private boolean hasData;
  private boolean error;

  /** A reader with the default line limit. */
  public SseReader(BufferedSource source) {
    this(source, ResponseLimits.DEFAULTS.maxStreamLine());
  }

  /**
   * @param maxLine the most bytes of one line ({@code max-stream-line})
   */
  public SseReader(BufferedSource source, long maxLine) {
    this.lines = new LineReader(source, maxLine, ResponseLimits.MAX_STREAM_LINE);
    this.maxEvent = maxLine; // an event of many short data lines is bounded like one line
  }

  /** Bytes of the body consumed so far. */
  public long bytesRead() {
    return lines.bytesRead();
  }

  /**
   * Reads up to the next complete event.
   *
   * @return the event, or null at the end of the body
   * @throws LimitExceeded if a line, or the data of one event, is longer than the limit
   * @throws java.nio.charset.CharacterCodingException if a line is not valid UTF-8
   * @throws IOException if reading fails
   */
  public SseEvent next() throws IOException {
    String line;
    while ((line = lines.next()) != null) {
      if (line.isEmpty()) {
        SseEvent e = dispatch();
        if (e != null) return e;
        continue;
      }
      if (line.charAt(0) == ':') continue; // comment / keep-alive
      field(line);
    }
    return dispatch(); // a last event without the blank line after it
  }

  private void field(String line) throws LimitExceeded {
    int colon = line.indexOf(':');
    String name = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (!value.isEmpty() && value.charAt(0) == ' ') value = value.substring(1);
    if (value.endsWith("\r")) value = value.substring(0, value.length() - 1);
    switch (name) {
      case "data":
        appendData(value);
        break;
      case "error": // llama.cpp: "error: {json}" instead of "data:" for a mid-stream failure
        error = true;
        appendData(value);
        break;
      case "event":
        event = value;
        break;
      default: // id, retry and unknown fields do not matter to a model stream
        break;
    }
  }

  private void appendData(String value) throws LimitExceeded {
    if (data.length() + value.length() + 1L > maxEvent)
      throw new LimitExceeded(ResponseLimits.MAX_STREAM_LINE, maxEvent);
    if (hasData) data.append('\n');
    data.append(value);
    hasData = true;
  }

  private SseEvent dispatch() {
    if (!hasData) {
      event = null; // an event with no data is not dispatched (SSE spec)
      error = false;
      return null;
    }
    SseEvent e = new SseEvent(event, data.toString(), error);
    data.setLength(0);
    hasData = false;
    event = null;
    error = false;
    return e;
  }
}
