package dev.switchboard.cost.internal;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.internal.pipeline.RoutingStage;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.EventSources;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the resilience stage, for tests: tries each capable target up to
 * {@code attemptsPerTarget} times, retrying retryable failures that happen before the first
 * content event (usage reports that arrive first are held back), then fails over.
 */
final class RetryingRouting extends RoutingStage {
  private final int attemptsPerTarget;

  RetryingRouting(ProviderRegistry providers, int attemptsPerTarget) {
    super(providers);
    this.attemptsPerTarget = attemptsPerTarget;
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Call call = chain.call();
    int n = 0;
    SwitchboardException last = null;
    for (Target t : capableTargets(call)) {
      for (int i = 0; i < attemptsPerTarget; i++) {
        Call attempt = begin(call, t, ++n);
        long start = System.nanoTime();
        ChatEventSource source = null;
        try {
          source = chain.proceed(attempt);
          List<ChatEvent> held = new ArrayList<>();
          ChatEvent e;
          while ((e = source.next()) instanceof ChatEvent.UsageUpdate) held.add(e);
          held.add(e);
          ended(attempt, start, null);
          served(call, t, n);
          ChatEventSource rest = source;
          for (int j = held.size() - 1; j >= 0; j--) rest = EventSources.prepend(held.get(j), rest);
          int attempts = n;
          return EventSources.mapResponse(rest, r -> r.toBuilder().attempts(attempts).build());
        } catch (SwitchboardException ex) {
          ended(attempt, start, ex);
          if (source != null) source.close();
          if (!ex.retryable()) throw ex;
          last = ex;
        }
      }
    }
    throw last;
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Call call = chain.call();
    int n = 0;
    SwitchboardException last = null;
    for (Target t : capableTargets(call)) {
      for (int i = 0; i < attemptsPerTarget; i++) {
        Call attempt = begin(call, t, ++n);
        long start = System.nanoTime();
        try {
          EmbeddingResponse r = chain.proceed(attempt);
          ended(attempt, start, null);
          served(call, t, n);
          return r.toBuilder().attempts(n).build();
        } catch (SwitchboardException ex) {
          ended(attempt, start, ex);
          if (!ex.retryable()) throw ex;
          last = ex;
        }
      }
    }
    throw last;
  }
}
