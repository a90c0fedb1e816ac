package dev.switchboard.wire.internal.sse;

import java.io.IOException;
import okio.BufferedSource;

/**
 * A pull-based Server-Sent Events parser over a response body. Handles {@code data:} (several lines
 * joined by newlines), {@code event:}, comment lines ({@code :} keep-alive pings), LF and CRLF line
 * ends, a final event without a trailing blank line, and llama.cpp's non-standard {@code error:}
 * field line, which it reports as an error event. Not thread-safe.
 */
public final class SseReader {
  private final BufferedSource source;
  private final StringBuilder data = new StringBuilder(256);
  private String event;
  private boolean hasData;
  private boolean error;

  public SseReader(BufferedSource source) {
    this.source = source;
  }

  /**
   * Reads up to the next complete event.
   *
   * @return the event, or null at the end of the body
   * @throws IOException if reading fails
   */
  public SseEvent next() throws IOException {
    String line;
    while ((line = source.readUtf8Line()) != null) {
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

  private void field(String line) {
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

  private void appendData(String value) {
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
