package dev.switchboard.internal.pipeline;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.internal.Json;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.SchemaMode;

/**
 * The end of the chain: calls the provider for the attempt's target, stamps the serving provider
 * and model on the answer, assembles streams, and wraps adapter bugs (anything not a {@link
 * SwitchboardException}) so that callers only ever see the SDK's exception tree.
 */
final class ProviderStage {
  private final ProviderRegistry providers;

  ProviderStage(ProviderRegistry providers) {
    this.providers = providers;
  }

  ChatEventSource chat(Call call) {
    Target target = targetOf(call);
    ModelProvider provider = providers.require(target.provider());
    ErrorContext where = ErrorContext.of(target.provider(), target.model());
    try {
      switch (call.operation()) {
        case CHAT:
          if (StructuredAttempts.isStructured(call)) return structured(call, provider, target);
          return EventSources.of(
              stamp(provider.chat(call.chatRequest(), call.attemptContext()), target));
        case STREAM:
          ChatEventSource raw =
              new Guarded(provider.stream(call.chatRequest(), call.attemptContext()), where);
          return EventSources.mapResponse(new StreamAssembler(raw, where), r -> stamp(r, target));
        default:
          throw new IllegalStateException("not a chat call: " + call.operation());
      }
    } catch (SwitchboardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw adapterBug(e, where);
    }
  }

  /** One attempt of a typed-answer call, shaped for the target's schema mode. */
  private static ChatEventSource structured(Call call, ModelProvider provider, Target target) {
    SchemaMode mode = provider.schemaMode(target.model());
    ChatRequest request = call.chatRequest();
    ChatRequest shaped =
        StructuredAttempts.shape(request, mode, provider.capabilities(target.model()));
    ChatResponse answer = stamp(provider.chat(shaped, call.attemptContext()), target);
    return EventSources.of(
        StructuredAttempts.unshape(answer, mode, request.responseFormat().name()));
  }

  EmbeddingResponse embed(Call call) {
    Target target = targetOf(call);
    ModelProvider provider = providers.require(target.provider());
    ErrorContext where = ErrorContext.of(target.provider(), target.model());
    try {
      EmbeddingResponse r = provider.embed(call.embeddingRequest(), call.attemptContext());
      return r.toBuilder()
          .provider(target.provider())
          .model(r.model().isEmpty() ? target.model() : r.model())
          .build();
    } catch (SwitchboardException e) {
      throw e;
    } catch (RuntimeException e) {
      throw adapterBug(e, where);
    }
  }

  private static Target targetOf(Call call) {
    return call.target()
        .orElseThrow(() -> new IllegalStateException("routing chose no target for " + call));
  }

  private static ChatResponse stamp(ChatResponse r, Target target) {
    refuseCutToolCalls(r, ErrorContext.of(target.provider(), target.model()));
    if (r.provider().equals(target.provider()) && !r.model().isEmpty()) return r;
    return r.toBuilder()
        .provider(target.provider())
        .model(r.model().isEmpty() ? target.model() : r.model())
        .build();
  }

  /**
   * A tool call cut off by the output limit (finish reason length, arguments that are not a whole
   * JSON object, such as a lone opening brace) is never handed out as complete: run, it would act
   * on half the arguments; sent back in the history, servers fail on it (llama.cpp answers 500).
   * Refused with a {@link DecodingException}, not retryable: the same limit cuts the same call
   * again.
   */
  static void refuseCutToolCalls(ChatResponse r, ErrorContext where) {
    if (r.finishReason() != FinishReason.LENGTH) return;
    for (ToolCall c : r.toolCalls()) {
      if (!Json.isObject(c.arguments())) {
        throw new DecodingException(
            "tool call '"
                + c.name()
                + "' was cut off by the output limit (finish reason length): its arguments are"
                + " incomplete; raise maxOutputTokens",
            where);
      }
    }
  }

  static SwitchboardException adapterBug(RuntimeException e, ErrorContext where) {
    return new SwitchboardException(
        "the provider adapter failed unexpectedly (" + e.getClass().getName() + ")", where, e);
  }

  /** Wraps a provider's stream so that adapter bugs surface as {@link SwitchboardException}s. */
  private static final class Guarded implements ChatEventSource {
    private final ChatEventSource source;
    private final ErrorContext where;

    Guarded(ChatEventSource source, ErrorContext where) {
      this.source = source;
      this.where = where;
    }

    @Override
    public ChatEvent next() {
      try {
        return source.next();
      } catch (SwitchboardException e) {
        throw e;
      } catch (RuntimeException e) {
        throw adapterBug(e, where);
      }
    }

    @Override
    public void close() {
      try {
        source.close();
      } catch (RuntimeException ignored) {
        // closing must never throw; the connection is gone either way
      }
    }
  }
}
