package dev.switchboard.testing;

import dev.switchboard.ModelRequest;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.spi.AttemptContext;

/**
 * A request a {@link ScriptedProvider} received, exactly as it would have left the process (after
 * the pipeline's transformations), with the attempt it belonged to.
 *
 * @param kind which provider method was called
 * @param request the request as received
 * @param context the attempt's context: provider-side model, attempt number, call id, deadline
 */
public record ReceivedRequest(Kind kind, ModelRequest request, AttemptContext context) {

  /** Which provider method was called. */
  public enum Kind {
    CHAT,
    STREAM,
    EMBED
  }

  /** The provider-side model the attempt named. */
  public String model() {
    return context.model();
  }

  /** The attempt number within its call, from 1. */
  public int attempt() {
    return context.attempt();
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
    return "ReceivedRequest[" + kind + ", model=" + model() + ", attempt=" + attempt() + "]";
  }
}
