package dev.switchboard.wire.internal.stream;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ResponseTooLargeException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.IoFailures;
import dev.switchboard.wire.internal.http.WireResponse;
import java.io.IOException;
import java.util.ArrayDeque;

/**
 * The frame loop every wire stream shares: read one frame (an SSE event, an NDJSON line), turn it
 * into zero or more events, hand them out one by one; close the response after the end marker or on
 * any failure, so the connection goes back to the pool. A body that ends before the end marker is
 * an error, never a silent success. The text and tool-call arguments handed out are counted against
 * the provider's {@link ResponseLimits} as they arrive. A body with no frame at all (a proxy's HTML
 * page, a JSON error body under status 200) is a {@link DecodingException} that names the status,
 * content type and byte count, never the bytes themselves, which could be patient text. Single
 * consumer; not thread-safe.
 */
public abstract class FrameEventSource implements ChatEventSource {
  private final ArrayDeque<ChatEvent> pending = new ArrayDeque<>(4);
  private final WireResponse response;
  private final AttemptContext context;
  private final ResponseLimits limits;
  private long textChars;
  private long argumentChars;
  private boolean framed;
  private boolean completed;
  private boolean closed;

  protected FrameEventSource(WireResponse response, AttemptContext context) {
    this.response = response;
    this.context = context;
    this.limits = response.limits();
  }

  /** Bytes of the body read so far, for the message about a body with no frames. */
  protected abstract long bytesRead();

  /**
   * Reads one frame and {@link #emit}s its events; calls {@link #complete} at the end marker.
   *
   * @return false at the end of the body
   */
  protected abstract boolean readFrame() throws IOException;

  /** What to say when the body ends before the end marker, e.g. "before [DONE]". */
  protected abstract String missingEndMarker();

  /**
   * Queues an event for the consumer.
   *
   * @throws ResponseTooLargeException if the stream's text or tool arguments outgrow their limits
   */
  protected final void emit(ChatEvent event) {
    if (event instanceof ChatEvent.TextDelta t) {
      textChars += t.text().length();
      if (textChars > limits.maxStreamedText())
        throw new ResponseTooLargeException(
            ResponseLimits.MAX_STREAMED_TEXT, limits.maxStreamedText(), where());
    } else if (event instanceof ChatEvent.ToolCallDelta d) {
      argumentChars += d.argumentsFragment().length();
      if (argumentChars > limits.maxToolArguments())
        throw new ResponseTooLargeException(
            ResponseLimits.MAX_TOOL_ARGUMENTS, limits.maxToolArguments(), where());
    }
    pending.add(event);
  }

  /** Queues the final event; the response is released once it is handed out. */
  protected final void complete(ChatResponse response) {
    pending.add(new ChatEvent.Completed(response));
    completed = true;
  }

  /** This attempt's error context, with the response's request id. */
  protected final ErrorContext where() {
    return response.where();
  }

  protected final WireResponse response() {
    return response;
  }

  @Override
  public final ChatEvent next() {
    while (pending.isEmpty()) {
      if (completed || closed) {
        if (closed && !completed)
          throw new TransportException("the stream was closed", where(), false, null);
        return null;
      }
      boolean more;
      try {
        more = readFrame();
        framed |= more;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        // Jackson's parse errors are IOExceptions, but a malformed frame is not a network failure:
        // the same request would most likely get the same frame again, so it is not retryable.
        close();
        throw new DecodingException(
            framed
                ? "a stream frame is not valid JSON"
                : "the stream's first frame is not valid JSON: " + notAStream(),
            where(),
            e);
      } catch (IOException e) {
        close();
        throw IoFailures.map(e, context, where());
      } catch (SwitchboardException e) {
        close();
        throw e;
      } catch (RuntimeException e) {
        close();
        throw new DecodingException(
            "a stream frame could not be decoded (" + e.getClass().getSimpleName() + ")",
            where(),
            e);
      }
      if (!more && !completed) {
        close();
        if (!framed)
          throw new DecodingException("the stream had no events: " + notAStream(), where());
        throw new TransportException("the stream ended " + missingEndMarker(), where(), true, null);
      }
    }
    ChatEvent e = pending.poll();
    if (completed && pending.isEmpty()) release();
    return e;
  }

  /** What came back instead of a stream: status, content type and size, never the bytes. */
  private String notAStream() {
    String type = response.contentType();
    return "the server answered status "
        + response.status()
        + " with "
        + (type == null ? "no content type" : type)
        + " ("
        + bytesRead()
        + " bytes read), not an event stream (a proxy's page, an error body under 200?)";
  }

  private void release() {
    response.close();
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    pending.clear();
    try {
      response.close();
    } catch (RuntimeException ignored) {
      // closing frees the connection; a failure to do so must not mask the caller's own error
    }
  }
}
