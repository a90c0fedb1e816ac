package dev.switchboard.spring;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.usage.BudgetCharge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code switchboard} Actuator endpoint: the logical models and their routes, the state of the
 * circuit breakers, and the budgets as last seen. Names and numbers only: no endpoint URL, key,
 * prompt or answer.
 *
 * @since 0.3
 */
@Endpoint(id = "switchboard")
public class SwitchboardEndpoint {
  private final ModelClient client;
  private final SwitchboardStatus status;

  /**
   * The endpoint of a client.
   *
   * @param client the client whose routes are shown
   * @param status its circuits and budgets
   */
  public SwitchboardEndpoint(ModelClient client, SwitchboardStatus status) {
    this.client = client;
    this.status = status;
  }

  /**
   * Routes, circuits and budgets.
   *
   * @return a JSON-ready map
   */
  @ReadOperation
  public Map<String, Object> switchboard() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("defaultModel", client.defaultModel().orElse(null));
    out.put("providers", List.copyOf(client.providers()));
    Map<String, Object> routes = new LinkedHashMap<>();
    for (String model : client.models()) {
      Route r = client.route(model).orElseThrow();
      List<Map<String, Object>> targets = new ArrayList<>();
      for (Target t : r.targets()) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("provider", t.provider());
        target.put("model", t.model());
        target.put("weight", t.weight());
        target.put("circuit", status.circuit(t).name().toLowerCase(Locale.ROOT));
        targets.add(target);
      }
      routes.put(
          model,
          Map.of("strategy", r.strategy().name().toLowerCase(Locale.ROOT), "targets", targets));
    }
    out.put("routes", routes);
    Map<String, Object> circuits = new LinkedHashMap<>();
    status.circuits().forEach((k, v) -> circuits.put(k, v.name().toLowerCase(Locale.ROOT)));
    out.put("circuits", circuits);
    Map<String, Object> budgets = new LinkedHashMap<>();
    for (BudgetCharge b : status.budgets().values()) {
      Map<String, Object> budget = new LinkedHashMap<>();
      budget.put("period", b.period());
      budget.put("mode", b.hard() ? "hard" : "soft");
      budget.put("limit", b.limit());
      budget.put("used", b.used());
      budget.put("remaining", b.limit().subtract(b.used()));
      budget.put("currency", b.currency());
      budget.put("overLimit", b.overLimit());
      budgets.put(b.budget(), budget);
    }
    out.put("budgets", budgets);
    return out;
  }
}
