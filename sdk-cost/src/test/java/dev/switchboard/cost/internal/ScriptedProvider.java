package dev.switchboard.cost.internal;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.Embedding;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider for tests that answers from a script (then from a default reply) and counts what it
 * received. Streams yield the reply's text in 4-character deltas, a usage update when the reply
 * has usage, and a Completed event. Thread-safe.
 */
public final class ScriptedProvider implements ModelProvider {
  /** One scripted reply. */
  public record Reply(String text, Usage usage, SwitchboardException failure, int deltasBeforeCut,
      boolean usageFirst) {
    /** An answer with this text and usage (Usage.EMPTY for none). */
    public static Reply answer(String text, Usage usage) {
      return new Reply(text, usage, null, -1, false);
    }

    /** A failure before anything is answered. */
    public static Reply fail(SwitchboardException failure) {
      return new Reply("", Usage.EMPTY, failure, -1, false);
    }

    /** A 503 before anything is answered. */
    public static Reply unavailable() {
      return fail(new ServiceUnavailableException("overloaded", new ErrorContext(null, null, null, 503, null), null, null));
    }

    /** A stream that yields {@code n} deltas of the text and then breaks (a non-stream call just fails). */
    public static Reply cutAfter(String text, int n) {
      return new Reply(text, Usage.EMPTY, null, n, false);
    }

    /** A stream that reports usage first and then breaks before any text. */
    public static Reply usageThenCut(Usage usage) {
      return new Reply("", usage, null, 0, true);
    }
  }

  private final String id;
  private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
  private volatile Reply fallback = Reply.answer("ok", Usage.of(10, 5));
  private final AtomicInteger received = new AtomicInteger();
  private final List<String> models = Collections.synchronizedList(new ArrayList<>());

  public ScriptedProvider(String id) {
    this.id = id;
  }

  /** Replies with this from now on, once the script is used up. */
  public ScriptedProvider always(Reply reply) {
    fallback = reply;
    return this;
  }

  /** Adds a reply to the script. */
  public ScriptedProvider then(Reply reply) {
    script.addLast(reply);
    return this;
  }

  /** How many requests reached this provider. */
  public int received() {
    return received.get();
  }

  /** The models requested, in order. */
  public List<String> models() {
    return List.copyOf(models);
  }

  private Reply next(AttemptContext ctx) {
    received.incrementAndGet();
    models.add(ctx.model());
    Reply r = script.pollFirst();
    return r != null ? r : fallback;
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
    Reply r = next(context);
    if (r.failure() != null) throw r.failure();
    if (r.deltasBeforeCut() >= 0) throw new TransportException("connection reset", ErrorContext.of(id, context.model()), null);
    return ChatResponse.builder().text(r.text()).usage(r.usage()).model(context.model()).build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext context) {
    Reply r = next(context);
    if (r.failure() != null) throw r.failure();
    List<ChatEvent> events = new ArrayList<>();
    if (r.usageFirst()) events.add(new ChatEvent.UsageUpdate(r.usage()));
    for (int i = 0; i < r.text().length(); i += 4) {
      events.add(new ChatEvent.TextDelta(r.text().substring(i, Math.min(r.text().length(), i + 4))));
    }
    int cut = r.usageFirst() ? 1 : r.deltasBeforeCut();
    if (cut < 0) {
      if (!r.usage().isEmpty()) events.add(new ChatEvent.UsageUpdate(r.usage()));
      events.add(new ChatEvent.Completed(ChatResponse.builder().usage(r.usage()).model(context.model()).build()));
    }
    return new ChatEventSource() {
      private int next;

      @Override
      public ChatEvent next() {
        if (cut >= 0 && next >= cut) throw new TransportException("stream cut", ErrorContext.of(id, context.model()), null);
        return next < events.size() ? events.get(next++) : null;
      }

      @Override
      public void close() {
        next = events.size();
      }
    };
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context) {
    Reply r = next(context);
    if (r.failure() != null) throw r.failure();
    EmbeddingResponse.Builder b = EmbeddingResponse.builder().usage(r.usage()).model(context.model());
    for (int i = 0; i < request.inputs().size(); i++) b.addEmbedding(new Embedding(i, new float[] {0.1f, 0.2f, 0.3f}));
    return b.build();
  }

  @Override
  public void close() {}
}
