package dev.switchboard.mock;

import dev.switchboard.ModelRequest;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.embedding.EmbeddingRequest;
import java.time.Instant;

/**
 * A request the mock received, exactly as it would have left the process: after the pipeline's
 * compliance transformations. For assertions in tests.
 *
 * @param kind chat, stream or embed
 * @param request the request as received
 * @param model the provider-side model the attempt named
 * @param attempt the attempt number within its call
 * @param callId the SDK's id of the call
 * @param receivedAt when the mock received it
 * @since 0.1
 */
public record RecordedRequest(
    Kind kind, ModelRequest request, String model, int attempt, String callId, Instant receivedAt) {

  /** Which provider method was called. */
  public enum Kind {
    CHAT,
    STREAM,
    EMBED
  }

  /** The chat request; throws for an embedding. */
  public ChatRequest chat() {
    return (ChatRequest) request;
  }

  /** The embedding request; throws for a chat. */
  public EmbeddingRequest embedding() {
    return (EmbeddingRequest) request;
  }

  @Override
  public String toString() {
    return "RecordedRequest["
        + kind
        + ", model="
        + model
        + ", attempt="
        + attempt
        + ", call="
        + callId
        + "]";
  }
}
