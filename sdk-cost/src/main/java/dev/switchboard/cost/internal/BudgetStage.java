package dev.switchboard.cost.internal;

import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.pipeline.StreamObserver;

/**
 * The BUDGET stage, once per call: reserves the call's maximum cost against every matching budget
 * before anything is sent (a hard budget that cannot take it refuses the call), and settles the
 * reservation to the real cost when the call ends: completed, failed or, for a stream, closed
 * early.
 */
final class BudgetStage implements CallInterceptor {
  private final CostEngine engine;

  BudgetStage(CostEngine engine) {
    this.engine = engine;
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Call call = chain.call();
    engine.checkBooks();
    BudgetHold hold = engine.reserve(call);
    if (hold == null) return chain.proceed(call);
    ChatEventSource source;
    try {
      source = chain.proceed(call);
    } catch (RuntimeException e) {
      engine.settle(call, hold);
      throw e;
    }
    ChatEventSource observed =
        EventSources.observe(
            source,
            new StreamObserver() {
              @Override
              public void onCompleted(ChatResponse response) {
                engine.settle(call, hold);
              }

              @Override
              public void onFailed(RuntimeException failure) {
                engine.settle(call, hold);
              }

              @Override
              public void onClosedEarly() {
                engine.settle(call, hold);
              }
            });
    return EventSources.mapResponse(
        observed,
        r ->
            hold.charges().isEmpty() && r.budgets().isEmpty()
                ? r // no budget matched: nothing to add, so the answer is not rebuilt
                : r.toBuilder().budgets(hold.charges()).build());
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Call call = chain.call();
    engine.checkBooks();
    BudgetHold hold = engine.reserve(call);
    if (hold == null) return chain.proceed(call);
    try {
      return chain.proceed(call).toBuilder().budgets(hold.charges()).build();
    } finally {
      engine.settle(call, hold);
    }
  }
}
