package dev.switchboard.wire.internal.sse;

/**
 * One Server-Sent Event.
 *
 * @param event the {@code event:} name, or null when the event had none
 * @param data the joined {@code data:} lines (several lines joined by newlines)
 * @param error true if the payload came in llama.cpp's non-standard {@code error:} field line
 */
public record SseEvent(String event, String data, boolean error) {

  /** True for OpenAI's end marker {@code data: [DONE]}. */
  public boolean isDone() {
    return !error && "[DONE]".equals(data);
  }

  @Override
  public String toString() {
    return "SseEvent[event=" + event + ", data=" + data.length() + " chars, error=" + error + "]";
  }
}
