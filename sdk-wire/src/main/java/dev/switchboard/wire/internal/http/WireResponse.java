package dev.switchboard.wire.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.json.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * A successful response whose body is still to be read. Closing it frees the connection, also when
 * a stream is abandoned early. Not thread-safe.
 */
public final class WireResponse implements AutoCloseable {
  /**
   * The longest declared body read whole into OkHttp's buffer before parsing. A chat answer is a
   * few KB; a large one (embeddings, images) is parsed as it streams in, so that the heap does not
   * hold its bytes and its tree at once.
   */
  static final long WHOLE_BODY_MAX = 64 * 1024;

  private final Response response;
  private final ErrorContext where;
  private final Runnable onClose;
  private final ResponseLimits limits;

  WireResponse(Response response, ErrorContext where, ResponseLimits limits, Runnable onClose) {
    this.response = response;
    this.onClose = onClose;
    this.limits = limits;
    this.where = where.withRequestId(ResponseHeaders.requestId(response.headers()));
  }

  public int status() {
    return response.code();
  }

  public Headers headers() {
    return response.headers();
  }

  /** The first request-id header present, or null. */
  public String requestId() {
    return where.requestId();
  }

  /** The error context of this attempt, with the request id filled in. */
  public ErrorContext where() {
    return where;
  }

  /** The allow-listed headers (request ids, region, remaining quota). */
  public Map<String, String> metadata() {
    return ResponseHeaders.metadata(response.headers());
  }

  /** The provider's limits on what it reads. */
  public ResponseLimits limits() {
    return limits;
  }

  /** The body's content type ({@code type/subtype}), or null when the server sent none. */
  public String contentType() {
    MediaType t = response.body().contentType();
    return t == null ? null : t.type() + "/" + t.subtype();
  }

  /**
   * The body as a byte source, for line readers, which bound each line ({@link
   * ResponseLimits#maxStreamLine()}); a stream's total is bounded by the deadline and the text
   * limits, not by {@link ResponseLimits#maxResponseBytes()}.
   */
  public BufferedSource source() {
    return response.body().source();
  }

  /**
   * The body as a stream of at most {@link ResponseLimits#maxResponseBytes()} bytes: reading past
   * it fails with {@link LimitExceeded}, so a body that never ends cannot fill the heap.
   *
   * @throws LimitExceeded at once when the declared length is already over the limit
   */
  public InputStream stream() throws LimitExceeded {
    declaredLength();
    return new BoundedInputStream(response.body().byteStream(), limits.maxResponseBytes());
  }

  /**
   * The body's declared length, or -1 when the server declared none.
   *
   * @throws LimitExceeded when the declared length is over {@link
   *     ResponseLimits#maxResponseBytes()}
   */
  private long declaredLength() throws LimitExceeded {
    long length = response.body().contentLength();
    if (length > limits.maxResponseBytes())
      throw new LimitExceeded(ResponseLimits.MAX_RESPONSE_BYTES, limits.maxResponseBytes());
    return length;
  }

  /**
   * Reads the whole body as a JSON document and closes the response: the one "parse a 2xx body"
   * step every adapter shares, so that bad JSON is always a {@link DecodingException} and a body
   * cut off mid-read is mapped like any I/O failure of the attempt.
   *
   * @throws DecodingException if the body is not valid JSON (or empty)
   * @throws dev.switchboard.error.ResponseTooLargeException if the body is longer than {@code
   *     max-response-bytes}
   * @throws dev.switchboard.error.SwitchboardException the mapped I/O failure (timeout, reset)
   */
  public JsonNode json(AttemptContext ctx) {
    try (this) {
      return parseBody(WireJson::parse, WireJson::parse);
    } catch (JsonProcessingException e) {
      throw new DecodingException("the response body is not valid JSON", where, e);
    } catch (IOException e) {
      throw IoFailures.map(e, ctx, where);
    }
  }

  /**
   * Reads the whole body into a wire record and closes the response; like {@link #json}, for
   * adapters with typed wire records (Ollama's).
   *
   * @throws DecodingException if the body is not JSON of the record's shape
   * @throws dev.switchboard.error.ResponseTooLargeException if the body is longer than {@code
   *     max-response-bytes}
   * @throws dev.switchboard.error.SwitchboardException the mapped I/O failure (timeout, reset)
   */
  public <T> T read(AttemptContext ctx, Class<T> type) {
    try (this) {
      return parseBody(
          (data, offset, length) -> WireJson.MAPPER.readValue(data, offset, length, type),
          in -> WireJson.MAPPER.readValue(in, type));
    } catch (JsonProcessingException e) {
      throw new DecodingException("the response body is not the expected JSON", where, e);
    } catch (IOException e) {
      throw IoFailures.map(e, ctx, where);
    }
  }

  /**
   * Parses the body. One whose declared length is at most {@link #WHOLE_BODY_MAX} bytes (and within
   * {@link ResponseLimits#maxResponseBytes()}) is first read whole into OkHttp's buffer and, when
   * it lies in one of the buffer's segments, parsed where it lies, through Okio's public {@link
   * Buffer.UnsafeCursor}: no copy into a stream buffer or an array of our own, and no layers
   * between the parser and the bytes (docs/performance.md, *Fourteenth pass*; a copy into a new
   * array cost the hospital pipeline 1 KB a call, its allocation goal's margin). A chunked or
   * larger body, or one that spans two segments, is parsed from the bounded {@link #stream}. The
   * declared length bounds the read, and a body that ends before it fails like a connection cut
   * mid-read.
   *
   * @throws LimitExceeded when the declared length is over the limit
   */
  private <T> T parseBody(InPlace<T> inPlace, Streamed<T> streamed) throws IOException {
    long length = declaredLength();
    if (length < 0 || length > WHOLE_BODY_MAX) return streamed.parse(stream());
    BufferedSource source = response.body().source();
    source.require(length);
    Buffer buffer = source.getBuffer();
    T parsed = null;
    boolean inOneSegment;
    try (Buffer.UnsafeCursor cursor = buffer.readUnsafe()) {
      inOneSegment = cursor.seek(0) >= length;
      if (inOneSegment) parsed = inPlace.parse(cursor.data, cursor.start, (int) length);
    }
    if (!inOneSegment) return streamed.parse(stream());
    buffer.skip(length);
    return parsed;
  }

  /** A parser of bytes where they lie. */
  @FunctionalInterface
  private interface InPlace<T> {
    T parse(byte[] data, int offset, int length) throws IOException;
  }

  /** A parser of a stream. */
  @FunctionalInterface
  private interface Streamed<T> {
    T parse(InputStream in) throws IOException;
  }

  /** The underlying response (for status-specific handling). */
  public Response raw() {
    return response;
  }

  @Override
  public void close() {
    try {
      response.close();
    } finally {
      onClose.run();
    }
  }
}
