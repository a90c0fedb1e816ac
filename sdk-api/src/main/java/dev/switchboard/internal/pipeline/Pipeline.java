package dev.switchboard.internal.pipeline;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.pipeline.StreamObserver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The assembled chain, in {@link Stage} order, and the outermost bookkeeping every call gets:
 * listener start and end events, latency on the answer, and one WARN when a call finally fails.
 */
public final class Pipeline {
  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

  private final List<CallInterceptor> chain;
  private final ProviderStage provider;

  /**
   * @param stages built-in stages by position; {@link Stage#ROUTING} is required
   * @param perCall user interceptors at {@link Stage#USER_PER_CALL}
   * @param perAttempt user interceptors at {@link Stage#USER_PER_ATTEMPT}
   */
  public Pipeline(Map<Stage, CallInterceptor> stages, List<CallInterceptor> perCall,
      List<CallInterceptor> perAttempt, ProviderRegistry providers) {
    EnumMap<Stage, CallInterceptor> byStage = new EnumMap<>(Stage.class);
    byStage.putAll(stages);
    if (!byStage.containsKey(Stage.ROUTING)) throw new IllegalArgumentException("the ROUTING stage is required");
    List<CallInterceptor> ordered = new ArrayList<>();
    for (Stage stage : Stage.values()) {
      switch (stage) {
        case USER_PER_CALL -> ordered.addAll(perCall);
        case USER_PER_ATTEMPT -> ordered.addAll(perAttempt);
        case PROVIDER -> { }
        default -> {
          CallInterceptor i = byStage.get(stage);
          if (i != null) ordered.add(i);
        }
      }
    }
    this.chain = List.copyOf(ordered);
    this.provider = new ProviderStage(providers);
  }

  /** The interceptors in chain order (for tests and diagnostics). */
  public List<CallInterceptor> interceptors() {
    return chain;
  }

  private ChatEventSource runChat(Call call) {
    return new RealChain<ChatEventSource>(chain, 0, call, CallInterceptor::interceptChat, provider::chat).proceed(call);
  }

  /** A chat call answered in one piece. */
  public ChatResponse chat(Call call) {
    started(call);
    try {
      ChatResponse response = EventSources.drain(runChat(call));
      response = response.toBuilder().latency(call.elapsed()).build();
      succeeded(call, response.attempts());
      return response;
    } catch (RuntimeException e) {
      failed(call, e);
      throw e;
    }
  }

  /** A streamed chat call. The returned stream ends the call when it completes, fails or closes. */
  public ChatStream stream(Call call) {
    started(call);
    ChatEventSource source;
    try {
      source = runChat(call);
    } catch (RuntimeException e) {
      failed(call, e);
      throw e;
    }
    ChatEventSource timed = EventSources.mapResponse(source, r -> r.toBuilder().latency(call.elapsed()).build());
    return ChatStream.of(EventSources.observe(timed, new StreamObserver() {
      @Override
      public void onCompleted(ChatResponse response) {
        succeeded(call, response.attempts());
      }

      @Override
      public void onFailed(RuntimeException failure) {
        failed(call, failure);
      }

      @Override
      public void onClosedEarly() {
        log.debug("call {} stream closed by the caller before it completed", call.id());
        call.listener().callFailed(new CallListener.CallFailed(call.id(), call.operation(), call.logicalModel(),
            new CancellationException("the stream was closed before it completed"), call.elapsed()));
      }
    }));
  }

  /** An embedding call. */
  public EmbeddingResponse embed(Call call) {
    started(call);
    try {
      EmbeddingResponse response = new RealChain<EmbeddingResponse>(chain, 0, call, CallInterceptor::interceptEmbed,
          provider::embed).proceed(call);
      response = response.toBuilder().latency(call.elapsed()).build();
      succeeded(call, response.attempts());
      return response;
    } catch (RuntimeException e) {
      failed(call, e);
      throw e;
    }
  }

  private static void started(Call call) {
    if (log.isDebugEnabled()) log.debug("call {} {} model={} started", call.id(), call.operation(), call.logicalModel());
    call.listener().callStarted(new CallListener.CallStarted(call.id(), call.operation(), call.logicalModel()));
  }

  private static void succeeded(Call call, int attempts) {
    Target servedBy = call.attributes().get(Attributes.SERVED_BY).orElse(null);
    if (log.isDebugEnabled()) log.debug("call {} model={} served by {} after {} attempt(s) in {} ms", call.id(), call.logicalModel(),
        servedBy == null ? "?" : servedBy.label(), attempts, call.elapsed().toMillis());
    call.listener().callSucceeded(new CallListener.CallSucceeded(call.id(), call.operation(), call.logicalModel(),
        servedBy, attempts, call.elapsed()));
  }

  private static void failed(Call call, RuntimeException e) {
    // SDK exception messages are built without request content, so they are safe to log; other
    // exceptions come from user code and are logged by type only.
    String why = e instanceof dev.switchboard.error.SwitchboardException ? e.getMessage() : e.getClass().getName();
    log.warn("call {} {} model={} failed after {} ms: {}", call.id(), call.operation(), call.logicalModel(),
        call.elapsed().toMillis(), why);
    call.listener().callFailed(new CallListener.CallFailed(call.id(), call.operation(), call.logicalModel(), e,
        call.elapsed()));
  }
}
