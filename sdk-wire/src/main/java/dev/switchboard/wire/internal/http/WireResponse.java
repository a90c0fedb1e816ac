package dev.switchboard.wire.internal.http;

import dev.switchboard.error.ErrorContext;
import java.io.InputStream;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * A successful response whose body is still to be read. Closing it frees the connection, also
 * when a stream is abandoned early. Not thread-safe.
 */
public final class WireResponse implements AutoCloseable {
  private final Response response;
  private final ErrorContext where;
  private final Runnable onClose;

  WireResponse(Response response, ErrorContext where, Runnable onClose) {
    this.response = response;
    this.onClose = onClose;
    this.where = where.withRequestId(ResponseHeaders.requestId(response.headers()));
  }

  public int status() { return response.code(); }

  public Headers headers() { return response.headers(); }

  /** The first request-id header present, or null. */
  public String requestId() { return where.requestId(); }

  /** The error context of this attempt, with the request id filled in. */
  public ErrorContext where() { return where; }

  /** The allow-listed headers (request ids, region, remaining quota). */
  public Map<String, String> metadata() { return ResponseHeaders.metadata(response.headers()); }

  /** The body as a byte source, for line readers. */
  public BufferedSource source() { return response.body().source(); }

  /** The body as a stream, for JSON parsing. */
  public InputStream stream() { return response.body().byteStream(); }

  /** The underlying response (for status-specific handling). */
  public Response raw() { return response; }

  @Override
  public void close() {
    try {
      response.close();
    } finally {
      onClose.run();
    }
  }
}
