package dev.switchboard.spi;

import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import java.net.URI;
import java.util.Optional;

/**
 * A vendor adapter. Implementations are thread-safe: one instance serves all calls.
 *
 * <p>Each method performs one attempt against one model ({@link AttemptContext#model()}; the
 * request's own {@code model()} is the caller's logical name and is not for the wire). Failures are
 * thrown as {@link dev.switchboard.error.SwitchboardException}s with the right {@code retryable()};
 * the pipeline decides about retries.
 *
 * @since 0.1
 */
public interface ModelProvider extends AutoCloseable {

  /** The configured id of this provider, such as {@code foundry-us}. */
  String id();

  /** What the given model can do, so the pipeline can refuse or skip before sending. */
  ProviderCapabilities capabilities(String model);

  /**
   * How this adapter asks the given model for an answer that follows a JSON schema, for typed
   * answers. The default: {@link SchemaMode#NATIVE} where the model honours a JSON-schema response
   * format, else {@link SchemaMode#PROMPT}. An adapter whose models call tools reliably but have no
   * schema mode returns {@link SchemaMode#FORCED_TOOL}.
   *
   * @since 0.3
   */
  default SchemaMode schemaMode(String model) {
    return capabilities(model).jsonSchema() ? SchemaMode.NATIVE : SchemaMode.PROMPT;
  }

  /**
   * One chat attempt.
   *
   * @return the response; {@code provider} and {@code model} may be left empty for the pipeline to
   *     fill with the target's
   */
  ChatResponse chat(ChatRequest request, AttemptContext context);

  /**
   * One streamed chat attempt. The source yields {@code TextDelta}, {@code ToolCallDelta} and
   * {@code UsageUpdate} events and ends with a {@code Completed} event that carries finish reason,
   * usage, model and request id; its text and tool calls may be left empty, because the pipeline
   * assembles them from the deltas. A stream cut before its end marker must throw.
   */
  ChatEventSource stream(ChatRequest request, AttemptContext context);

  /**
   * The server this adapter sends its requests to, as the adapter resolved it (a vendor's default
   * endpoint included), for telemetry's {@code server.address} and {@code server.port}. Only its
   * scheme, host and port are read. Empty for providers with no server (the mock) or that do not
   * say.
   *
   * @since 0.3
   */
  default Optional<URI> endpoint() {
    return Optional.empty();
  }

  /** One embedding attempt. */
  EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context);

  /** Releases connections and threads. Idempotent. */
  @Override
  void close();
}
