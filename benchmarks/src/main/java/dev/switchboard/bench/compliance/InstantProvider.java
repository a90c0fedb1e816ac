package dev.switchboard.bench.compliance;

import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.usage.Usage;

/** Answers at once by echoing the last message, so a benchmark measures the pipeline alone. */
final class InstantProvider implements ModelProvider {
  private final String id;

  InstantProvider(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ProviderCapabilities capabilities(String model) {
    return ProviderCapabilities.all();
  }

  @Override
  public ChatResponse chat(ChatRequest request, AttemptContext context) {
    ChatMessage last = request.messages().get(request.messages().size() - 1);
    return ChatResponse.builder().text("Summary: " + last.text()).usage(Usage.of(300, 120)).requestId("r").build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext context) {
    throw new UnsupportedOperationException("not benchmarked");
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context) {
    throw new UnsupportedOperationException("not benchmarked");
  }

  @Override
  public void close() {}
}
