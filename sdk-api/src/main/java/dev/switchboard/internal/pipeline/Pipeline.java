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
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

  private Pipeline(List<CallInterceptor> chain, ProviderRegistry providers) {
    this.chain = List.copyOf(chain);
    this.provider = new ProviderStage(providers);
  }

  /**
   * Assembles the chain, the one place that decides its order: the order of the lines below is the
   * order a call passes the stages ({@link Stage} documents each). Features (cost, compliance) fill
   * only their built-in positions, one feature per position.
   *
   * @param routing the routing stage (route, attempts, retries, failover, guards)
   * @param features the stages of every installed feature
   * @param perCall user interceptors at {@link Stage#USER_PER_CALL}
   * @param perAttempt user interceptors at {@link Stage#USER_PER_ATTEMPT}
   * @throws IllegalStateException if a feature claims a position features may not fill, or two
   *     features claim the same one
   */
  public static Pipeline assemble(
      CallInterceptor routing,
      Map<String, Map<Stage, CallInterceptor>> features,
      List<CallInterceptor> perCall,
      List<CallInterceptor> perAttempt,
      ProviderRegistry providers) {
    Map<Stage, CallInterceptor> slots = featureSlots(features);
    List<CallInterceptor> chain = new ArrayList<>();
    addIfPresent(chain, slots.get(Stage.COMPLIANCE)); // detect, decide, transform, restore
    addIfPresent(chain, slots.get(Stage.AUDIT)); // decision record before, outcome record after
    addIfPresent(chain, slots.get(Stage.BUDGET)); // reserve before, settle after
    chain.addAll(perCall);
    chain.add(routing); // targets, attempts, retries, failover, guards
    chain.addAll(perAttempt);
    addIfPresent(chain, slots.get(Stage.METERING)); // price and record each attempt
    return new Pipeline(chain, providers); // then the provider stage
  }

  private static final Set<Stage> FEATURE_STAGES =
      EnumSet.of(Stage.COMPLIANCE, Stage.AUDIT, Stage.BUDGET, Stage.METERING);

  private static Map<Stage, CallInterceptor> featureSlots(
      Map<String, Map<Stage, CallInterceptor>> features) {
    Map<Stage, CallInterceptor> slots = new EnumMap<>(Stage.class);
    Map<Stage, String> claimedBy = new EnumMap<>(Stage.class);
    features.forEach(
        (name, stages) ->
            stages.forEach(
                (stage, interceptor) -> {
                  if (!FEATURE_STAGES.contains(stage)) {
                    throw new IllegalStateException(
                        "feature '"
                            + name
                            + "' may not fill the "
                            + stage
                            + " position; features fill "
                            + FEATURE_STAGES);
                  }
                  String earlier = claimedBy.putIfAbsent(stage, name);
                  if (earlier != null) {
                    throw new IllegalStateException(
                        "features '"
                            + earlier
                            + "' and '"
                            + name
                            + "' both fill the "
                            + stage
                            + " position");
                  }
                  slots.put(stage, interceptor);
                }));
    return slots;
  }

  private static void addIfPresent(List<CallInterceptor> chain, CallInterceptor stage) {
    if (stage != null) chain.add(stage);
  }

  /** The interceptors in chain order (for tests and diagnostics). */
  public List<CallInterceptor> interceptors() {
    return chain;
  }

  private ChatEventSource runChat(Call call) {
    return new RealChain<ChatEventSource>(
            chain, 0, call, CallInterceptor::interceptChat, provider::chat)
        .proceed(call);
  }

  /** A chat call answered in one piece. */
  public ChatResponse chat(Call call) {
    started(call);
    try {
      ChatResponse response = EventSources.drain(runChat(call));
      Duration latency = call.elapsed(); // one Duration: the response's and the event's
      response = response.toBuilder().latency(latency).build();
      succeeded(call, response.attempts(), latency, response, null);
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
    ChatEventSource timed =
        EventSources.mapResponse(source, r -> r.toBuilder().latency(call.elapsed()).build());
    return ChatStream.of(
        EventSources.observe(
            timed,
            new StreamObserver() {
              @Override
              public void onCompleted(ChatResponse response) {
                succeeded(call, response.attempts(), response.latency(), response, null);
              }

              @Override
              public void onFailed(RuntimeException failure) {
                failed(call, failure);
              }

              @Override
              public void onClosedEarly() {
                log.debug("call {} stream closed by the caller before it completed", call.id());
                if (call.listener() == CallListener.NONE) return;
                call.listener()
                    .callFailed(
                        new CallListener.CallFailed(
                            call.id(),
                            call.operation(),
                            call.logicalModel(),
                            new CancellationException("the stream was closed before it completed"),
                            call.elapsed()));
              }
            }));
  }

  /** An embedding call. */
  public EmbeddingResponse embed(Call call) {
    started(call);
    try {
      EmbeddingResponse response =
          new RealChain<EmbeddingResponse>(
                  chain, 0, call, CallInterceptor::interceptEmbed, provider::embed)
              .proceed(call);
      Duration latency = call.elapsed();
      response = response.toBuilder().latency(latency).build();
      succeeded(call, response.attempts(), latency, null, response);
      return response;
    } catch (RuntimeException e) {
      failed(call, e);
      throw e;
    }
  }

  private static void started(Call call) {
    if (log.isDebugEnabled())
      log.debug("call {} {} model={} started", call.id(), call.operation(), call.logicalModel());
    // No event object is made when nobody listens (the common case).
    if (call.listener() == CallListener.NONE) return;
    call.listener()
        .callStarted(
            new CallListener.CallStarted(call.id(), call.operation(), call.logicalModel()));
  }

  private static void succeeded(
      Call call, int attempts, Duration latency, ChatResponse chat, EmbeddingResponse embedding) {
    Target servedBy = call.attributes().get(Attributes.SERVED_BY).orElse(null);
    if (log.isDebugEnabled())
      log.debug(
          "call {} model={} served by {} after {} attempt(s) in {} ms",
          call.id(),
          call.logicalModel(),
          servedBy == null ? "?" : servedBy.label(),
          attempts,
          latency.toMillis());
    if (call.listener() == CallListener.NONE) return;
    call.listener()
        .callSucceeded(
            new CallListener.CallSucceeded(
                call.id(),
                call.operation(),
                call.logicalModel(),
                servedBy,
                attempts,
                latency,
                chat,
                embedding));
  }

  private static void failed(Call call, RuntimeException e) {
    // SDK exception messages are built without request content, so they are safe to log; other
    // exceptions come from user code and are logged by type only.
    String why =
        e instanceof dev.switchboard.error.SwitchboardException
            ? e.getMessage()
            : e.getClass().getName();
    log.warn(
        "call {} {} model={} failed after {} ms: {}",
        call.id(),
        call.operation(),
        call.logicalModel(),
        call.elapsed().toMillis(),
        why);
    if (call.listener() == CallListener.NONE) return;
    call.listener()
        .callFailed(
            new CallListener.CallFailed(
                call.id(), call.operation(), call.logicalModel(), e, call.elapsed()));
  }
}
