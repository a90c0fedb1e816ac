package dev.switchboard.spring;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.usage.BudgetCharge;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the Actuator health indicator and the {@code switchboard} endpoint report beyond the
 * client's configuration: the state of each circuit breaker (from its transitions) and each budget
 * as the last answer charged to it saw it. A {@link CallListener} the auto-configuration adds to
 * the client; holds names and numbers only. Thread-safe.
 *
 * @since 0.3
 */
public final class SwitchboardStatus implements CallListener {
  private final Map<Target, CircuitState> circuits = new ConcurrentHashMap<>();
  private final Map<String, BudgetCharge> budgets = new ConcurrentHashMap<>();

  /** Creates an empty status: every circuit closed, no budget seen. */
  public SwitchboardStatus() {}

  @Override
  public void circuitStateChanged(CircuitStateChanged event) {
    circuits.put(event.target(), event.to());
  }

  @Override
  public void callSucceeded(CallSucceeded event) {
    List<BudgetCharge> charges =
        event
            .chat()
            .map(ChatResponse::budgets)
            .orElseGet(() -> event.embedding().map(EmbeddingResponse::budgets).orElse(List.of()));
    for (BudgetCharge c : charges) budgets.put(c.budget(), c);
  }

  /** The state of a target's circuit; closed unless a transition was seen. */
  public CircuitState circuit(Target target) {
    return circuits.getOrDefault(target, CircuitState.CLOSED);
  }

  /**
   * Circuits that left the closed state at least once, by target label ({@code provider/model}).
   */
  public Map<String, CircuitState> circuits() {
    Map<String, CircuitState> out = new TreeMap<>();
    circuits.forEach((t, s) -> out.put(t.label(), s));
    return out;
  }

  /** True if a circuit of any target of this provider is open. */
  public boolean anyCircuitOpen(String providerId) {
    for (Map.Entry<Target, CircuitState> e : circuits.entrySet()) {
      if (e.getKey().provider().equals(providerId) && e.getValue() == CircuitState.OPEN)
        return true;
    }
    return false;
  }

  /** Each budget as the last answer charged to it saw it, by name. */
  public Map<String, BudgetCharge> budgets() {
    return new TreeMap<>(budgets);
  }
}
