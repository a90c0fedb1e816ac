package dev.switchboard.testkit;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.List;

/**
 * What an adapter's contract test supplies: the provider under test and a way to make its server (a
 * WireMock stub in the vendor's wire format, or the mock's script) answer each case. One fixture
 * per test; {@link #close()} releases the server.
 *
 * <p>Each {@code given...} call sets what the next chat, stream or embedding request gets, for both
 * streamed and unstreamed chat: the stub must answer a request with {@code stream: true} in the
 * vendor's stream format and one without in its single-response format.
 *
 * @since 0.1
 */
public interface ContractFixture extends AutoCloseable {

  /** Kinds of error response the contract checks. */
  enum ErrorKind {
    /** 400, a malformed or unsupported request. */
    BAD_REQUEST,
    /** 401, credentials refused. */
    UNAUTHORIZED,
    /** 429, with a retry-after of the given duration when the vendor sends one. */
    RATE_LIMITED,
    /** 500. */
    SERVER_ERROR,
    /** 503 (or the vendor's "loading"/"overloaded" status). */
    UNAVAILABLE,
    /**
     * The vendor's content filter refused the prompt (skipped where {@link
     * #supportsContentFilter()} is false).
     */
    CONTENT_FILTERED
  }

  /** The provider under test, pointing at the fixture's server. */
  ModelProvider provider();

  /** The model (or deployment) name to call. */
  String model();

  /** The next chat answers with this text and usage. */
  void givenTextReply(String text, Usage usage);

  /** The next chat answers with these tool calls (finish reason tool calls) and usage. */
  void givenToolCallReply(List<ToolCall> calls, Usage usage);

  /** The next request fails with this kind of error; {@code retryAfter} may be null. */
  void givenError(ErrorKind kind, Duration retryAfter);

  /** The next chat answers the given text only after {@code delay}. */
  void givenSlowReply(String text, Duration delay);

  /**
   * The next streamed chat sends {@code partialText} and then ends without the stream's end marker.
   */
  void givenStreamCutAfter(String partialText);

  /** The next embedding request gets these vectors and usage. */
  void givenEmbeddings(List<float[]> vectors, Usage usage);

  /** Connections (or streams) currently in use, not idle; 0 when nothing is open. */
  int connectionsInUse();

  /** False for adapters whose vendor has no embeddings API. */
  default boolean supportsEmbeddings() {
    return true;
  }

  /** False for adapters whose vendor has no tool calling. */
  default boolean supportsTools() {
    return true;
  }

  /** False for vendors without a prompt content filter. */
  default boolean supportsContentFilter() {
    return true;
  }

  /** Stops the server and closes the provider. */
  @Override
  void close();
}
