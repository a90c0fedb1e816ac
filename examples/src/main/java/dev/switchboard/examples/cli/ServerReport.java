package dev.switchboard.examples.cli;

import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.ModelDiscovery;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.ServedModel;
import dev.switchboard.spi.ServerStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Asks every configured provider that can discover models ({@link ModelDiscovery}: the local
 * servers) whether it is up, what it serves, and whether each model the config routes to it is
 * among them; renders the result as text or JSON.
 */
final class ServerReport {
  /** One configured model on one server. */
  record Configured(
      String model, Set<String> logicalModels, boolean served, ProviderCapabilities capabilities) {}

  /** One server. */
  record Server(
      String provider,
      String describe,
      ServerStatus status,
      List<ServedModel> served,
      String listError,
      List<Configured> configured) {

    boolean healthy() {
      return status.state() == ServerStatus.State.UP
          && listError == null
          && configured.stream().allMatch(Configured::served);
    }
  }

  private final List<Server> servers;

  private ServerReport(List<Server> servers) {
    this.servers = servers;
  }

  /** Probes the config's discoverable providers; creates each provider and closes it afterwards. */
  static ServerReport probe(SwitchboardConfig config) {
    Map<String, ModelProviderFactory> factories = new LinkedHashMap<>();
    for (ModelProviderFactory f :
        ServiceLoader.load(ModelProviderFactory.class, ServerReport.class.getClassLoader())) {
      factories.putIfAbsent(f.type(), f);
    }
    Map<String, Map<String, Set<String>>> routed = routed(config);
    List<Server> out = new ArrayList<>();
    config
        .providers()
        .forEach(
            (id, pc) -> { // in file order
              ModelProviderFactory factory = factories.get(pc.type());
              if (factory == null) return;
              try (ModelProvider provider = factory.create(id, pc)) {
                if (provider instanceof ModelDiscovery d)
                  out.add(server(id, pc.describe(), d, routed.getOrDefault(id, Map.of())));
              }
            });
    return new ServerReport(out);
  }

  /** Provider id to configured model to the logical models that route there. */
  private static Map<String, Map<String, Set<String>>> routed(SwitchboardConfig config) {
    Map<String, Map<String, Set<String>>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Route> m : config.models().entrySet()) {
      for (Target t : m.getValue().targets()) {
        out.computeIfAbsent(t.provider(), k -> new LinkedHashMap<>())
            .computeIfAbsent(t.model(), k -> new LinkedHashSet<>())
            .add(m.getKey());
      }
    }
    return out;
  }

  private static Server server(
      String id, String describe, ModelDiscovery d, Map<String, Set<String>> models) {
    ServerStatus status = d.status();
    List<ServedModel> served = List.of();
    String listError = null;
    List<Configured> configured = new ArrayList<>();
    if (status.state() != ServerStatus.State.UP) { // down, or loading (its list answers 503)
      models.forEach(
          (model, logical) -> configured.add(new Configured(model, logical, false, null)));
      return new Server(id, describe, status, served, null, configured);
    }
    try {
      served = d.listModels();
    } catch (SwitchboardException e) {
      listError = e.getMessage();
    }
    for (Map.Entry<String, Set<String>> m : models.entrySet()) {
      boolean isServed = listError == null && d.serves(m.getKey(), served);
      ProviderCapabilities caps = null;
      if (isServed) {
        try {
          caps = d.discoverCapabilities(m.getKey()).orElse(null);
        } catch (SwitchboardException e) {
          caps = null; // the listing still says it is served; capabilities are a bonus
        }
      }
      configured.add(new Configured(m.getKey(), m.getValue(), isServed, caps));
    }
    return new Server(id, describe, status, served, listError, configured);
  }

  boolean isEmpty() {
    return servers.isEmpty();
  }

  /** True if every server is up and serves every model the config routes to it. */
  boolean healthy() {
    return servers.stream().allMatch(Server::healthy);
  }

  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (Server s : servers) {
      out.add(s.provider() + "  [" + s.describe() + "]  " + s.status().describe());
      if (s.listError() != null) out.add("  cannot list models: " + s.listError());
      if (!s.served().isEmpty()) {
        out.add("  serves:");
        for (ServedModel m : s.served()) out.add("    " + m.name() + details(m.details()));
      }
      for (Configured c : s.configured()) {
        String used = " (" + String.join(", ", c.logicalModels()) + ")";
        if (s.status().state() == ServerStatus.State.DOWN) {
          out.add("  configured " + c.model() + used + ": not checked, the server is down");
        } else if (s.status().state() == ServerStatus.State.LOADING) {
          // a loading llama.cpp answers 503 to its model list too: nothing is missing yet
          out.add(
              "  configured " + c.model() + used + ": not checked, the server is still loading");
        } else {
          out.add(
              "  configured "
                  + c.model()
                  + used
                  + ": "
                  + (c.served()
                      ? "ok" + capabilities(c.capabilities())
                      : "MISSING: this server does not serve it"));
        }
      }
    }
    return out;
  }

  private static String details(Map<String, String> details) {
    return details.isEmpty()
        ? ""
        : "  "
            + String.join(
                ", ",
                details.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
  }

  private static String capabilities(ProviderCapabilities c) {
    if (c == null) return "";
    List<String> has = new ArrayList<>();
    if (c.chat()) has.add("chat");
    if (c.tools()) has.add("tools");
    if (c.jsonSchema()) has.add("json-schema");
    if (c.vision()) has.add("vision");
    if (c.embeddings()) has.add("embeddings");
    if (c.contextWindow() > 0) has.add("context " + c.contextWindow());
    return "  [" + String.join(", ", has) + "]";
  }

  List<Map<String, Object>> asJson() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Server s : servers) {
      Map<String, Object> server = new LinkedHashMap<>();
      server.put("provider", s.provider());
      server.put("describe", s.describe());
      server.put("status", s.status().state().name());
      server.put("version", s.status().version());
      server.put("detail", s.status().detail());
      server.put("listError", s.listError());
      List<Map<String, Object>> served = new ArrayList<>();
      for (ServedModel m : s.served()) served.add(Map.of("name", m.name(), "details", m.details()));
      server.put("serves", served);
      List<Map<String, Object>> configured = new ArrayList<>();
      for (Configured c : s.configured()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.model());
        m.put("logicalModels", List.copyOf(c.logicalModels()));
        m.put("served", s.status().state() == ServerStatus.State.DOWN ? null : c.served());
        m.put(
            "capabilities",
            Optional.ofNullable(c.capabilities()).map(ServerReport::capabilitiesJson).orElse(null));
        configured.add(m);
      }
      server.put("configured", configured);
      out.add(server);
    }
    return out;
  }

  private static Map<String, Object> capabilitiesJson(ProviderCapabilities c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("chat", c.chat());
    m.put("tools", c.tools());
    m.put("jsonSchema", c.jsonSchema());
    m.put("vision", c.vision());
    m.put("embeddings", c.embeddings());
    m.put("contextWindow", c.contextWindow());
    return m;
  }
}
