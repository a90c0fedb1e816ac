package dev.switchboard.compliance;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
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
import java.util.function.Function;

/**
 * Records exactly what would leave the process and answers from a script: by default it echoes
 * the last user message ("Echo: ..."), streamed in chunks of three characters so that tokens split.
 */
final class ScriptedProvider implements ModelProvider {
  final String id;
  final List<ChatRequest> chats = new CopyOnWriteArrayList<>();
  final List<EmbeddingRequest> embeds = new CopyOnWriteArrayList<>();
  volatile Function<ChatRequest, String> reply = r -> "Echo: " + lastUser(r);
  volatile String toolArguments;
  volatile int chunk = 3;

  ScriptedProvider(String id) {
    this.id = id;
  }

  static String lastUser(ChatRequest r) {
    String text = "";
    for (ChatMessage m : r.messages()) {
      if (m.role() == dev.switchboard.chat.Role.USER) text = m.text();
    }
    return text;
  }

  /** Everything sent to this provider, as one string: what a network capture would see. */
  String sentText() {
    StringBuilder sb = new StringBuilder();
    for (ChatRequest r : chats) {
      for (ChatMessage m : r.messages()) {
        sb.append(m.text()).append('\n');
        if (m instanceof dev.switchboard.chat.AssistantMessage a) a.toolCalls().forEach(c -> sb.append(c.arguments()));
      }
    }
    embeds.forEach(e -> sb.append(String.join("\n", e.inputs())));
    return sb.toString();
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
    chats.add(request);
    ChatResponse.Builder b = ChatResponse.builder().text(reply.apply(request)).usage(Usage.of(12, 5))
        .requestId("vendor-req-" + chats.size());
    if (toolArguments != null) b.addToolCall(new ToolCall("call-1", "lookup", toolArguments));
    return b.build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext context) {
    chats.add(request);
    String text = reply.apply(request);
    List<ChatEvent> events = new ArrayList<>();
    for (int i = 0; i < text.length(); i += chunk) {
      events.add(new ChatEvent.TextDelta(text.substring(i, Math.min(text.length(), i + chunk))));
    }
    if (toolArguments != null) {
      events.add(new ChatEvent.ToolCallDelta(0, "call-1", "lookup", ""));
      for (int i = 0; i < toolArguments.length(); i += chunk) {
        events.add(new ChatEvent.ToolCallDelta(0, null, null, toolArguments.substring(i, Math.min(toolArguments.length(), i + chunk))));
      }
    }
    events.add(new ChatEvent.UsageUpdate(Usage.of(12, 5)));
    events.add(new ChatEvent.Completed(ChatResponse.builder().requestId("vendor-req-" + chats.size()).build()));
    return dev.switchboard.pipeline.EventSources.of(events);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context) {
    embeds.add(request);
    EmbeddingResponse.Builder b = EmbeddingResponse.builder().usage(Usage.of(request.inputs().size(), 0)).requestId("emb-1");
    for (int i = 0; i < request.inputs().size(); i++) b.addEmbedding(new Embedding(i, new float[] {i, 1}));
    return b.build();
  }

  @Override
  public void close() {}
}
