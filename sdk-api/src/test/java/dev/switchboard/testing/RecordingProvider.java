package dev.switchboard.testing;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.Embedding;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A provider for sdk-api's own tests: answers "echo:N chars", records requests, can be told to fail. */
public final class RecordingProvider implements ModelProvider {
  private final String id;
  private final ProviderCapabilities capabilities;
  public final List<ChatRequest> chats = new CopyOnWriteArrayList<>();
  public final List<AttemptContext> contexts = new CopyOnWriteArrayList<>();
  public volatile Supplier<RuntimeException> failWith;
  public volatile boolean closed;

  public RecordingProvider(String id) {
    this(id, ProviderCapabilities.all());
  }

  public RecordingProvider(String id, ProviderCapabilities capabilities) {
    this.id = id;
    this.capabilities = capabilities;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ProviderCapabilities capabilities(String model) {
    return capabilities;
  }

  private void receive(ChatRequest request, AttemptContext context) {
    chats.add(request);
    contexts.add(context);
    if (failWith != null) throw failWith.get();
  }

  @Override
  public ChatResponse chat(ChatRequest request, AttemptContext context) {
    receive(request, context);
    return ChatResponse.builder().text("answer from " + id).usage(Usage.of(10, 3)).requestId("req-" + chats.size()).build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext context) {
    receive(request, context);
    List<ChatEvent> events = new ArrayList<>(List.of(new ChatEvent.TextDelta("answer "), new ChatEvent.TextDelta("from "),
        new ChatEvent.TextDelta(id), new ChatEvent.UsageUpdate(Usage.of(10, 3)),
        new ChatEvent.Completed(ChatResponse.builder().requestId("req-" + chats.size()).build())));
    return dev.switchboard.pipeline.EventSources.of(events);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context) {
    contexts.add(context);
    if (failWith != null) throw failWith.get();
    EmbeddingResponse.Builder b = EmbeddingResponse.builder().usage(Usage.of(request.inputs().size(), 0));
    for (int i = 0; i < request.inputs().size(); i++) b.addEmbedding(new Embedding(i, new float[] {i, 1}));
    return b.build();
  }

  @Override
  public void close() {
    closed = true;
  }
}
