package dev.switchboard.internal.assembly;

import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.internal.ProviderFactories;
import dev.switchboard.internal.pipeline.GuardedListener;
import dev.switchboard.internal.pipeline.Pipeline;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.internal.routing.RoutingStage;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.ClusterQuotas;
import dev.switchboard.spi.FeatureContext;
import dev.switchboard.spi.InstalledFeature;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what a {@link dev.switchboard.ModelClientBuilder} holds into a running client's parts:
 * checks the routes, creates the providers, installs the features, and has {@link
 * Pipeline#assemble} put the stages in order. Whatever was opened is closed again if a later step
 * fails.
 */
public final class ClientAssembly {
  private static final Logger log = LoggerFactory.getLogger(ClientAssembly.class);

  private final Map<String, ModelProvider> providers;
  private final Map<String, ProviderConfig> providerConfigs;
  private final Map<String, Route> routes;
  private final String defaultModel;
  private final String defaultEmbeddingModel;
  private final Timeouts timeouts;
  private final ResilienceSettings resilience;
  private final SwitchboardClock clock;
  private final Map<String, PipelineFeature> features;
  private final List<CallInterceptor> perCall;
  private final List<CallInterceptor> perAttempt;
  private final List<CallListener> listeners;
  private final Executor executor;

  /** What the client runs with. */
  public record Parts(
      ProviderRegistry providers,
      Map<String, Route> routes,
      String defaultModel,
      String defaultEmbeddingModel,
      Timeouts timeouts,
      CallListener listener,
      Pipeline pipeline,
      SwitchboardClock clock,
      List<AutoCloseable> owned,
      Executor executor) {}

  public ClientAssembly(
      Map<String, ModelProvider> providers,
      Map<String, ProviderConfig> providerConfigs,
      Map<String, Route> routes,
      String defaultModel,
      String defaultEmbeddingModel,
      Timeouts timeouts,
      ResilienceSettings resilience,
      SwitchboardClock clock,
      Map<String, PipelineFeature> features,
      List<CallInterceptor> perCall,
      List<CallInterceptor> perAttempt,
      List<CallListener> listeners,
      Executor executor) {
    this.providers = new LinkedHashMap<>(providers);
    this.providerConfigs = new LinkedHashMap<>(providerConfigs);
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    this.defaultModel = defaultModel;
    this.defaultEmbeddingModel = defaultEmbeddingModel;
    this.timeouts = timeouts;
    this.resilience = resilience;
    this.clock = clock;
    this.features = new LinkedHashMap<>(features);
    this.perCall = List.copyOf(perCall);
    this.perAttempt = List.copyOf(perAttempt);
    this.listeners = List.copyOf(listeners);
    this.executor = executor;
  }

  /** Creates providers, installs features, assembles the pipeline. */
  public Parts assemble() {
    checkRoutes();
    Map<String, ModelProvider> all = new LinkedHashMap<>(providers);
    List<InstalledFeature> installed = new ArrayList<>();
    try {
      createProviders(all);
      checkTargets(all);
      ProviderRegistry registry = new ProviderRegistry(all);
      Map<String, Map<Stage, CallInterceptor>> stages = new LinkedHashMap<>();
      FeatureContext context = new FeatureContext(clock, providerTypes(), routes, features);
      for (PipelineFeature f : features.values()) {
        InstalledFeature i = f.install(context);
        installed.add(i);
        stages.put(f.name(), i.stages());
      }
      CallListener listener = GuardedListener.of(listeners);
      listener.clientStarted(new CallListener.ClientStarted(endpoints(all)));
      CallInterceptor routing =
          new RoutingStage(registry, resilience, routes, clock, listener, clusterQuotas(installed));
      Pipeline pipeline = Pipeline.assemble(routing, stages, perCall, perAttempt, registry);
      String defaultOrOnly =
          defaultModel != null
              ? defaultModel
              : routes.size() == 1 ? routes.keySet().iterator().next() : null;
      return new Parts(
          registry,
          routes,
          defaultOrOnly,
          defaultEmbeddingModel != null ? defaultEmbeddingModel : defaultOrOnly,
          timeouts,
          listener,
          pipeline,
          clock,
          List.copyOf(installed),
          executor);
    } catch (RuntimeException e) {
      closeQuietly(installed);
      new ProviderRegistry(all).close();
      throw e;
    }
  }

  /** The one store of cluster-scoped rate limits the features offer, or null. */
  private static ClusterQuotas clusterQuotas(List<InstalledFeature> installed) {
    ClusterQuotas found = null;
    for (InstalledFeature i : installed) {
      ClusterQuotas q = i.clusterQuotas().orElse(null);
      if (q == null) continue;
      if (found != null)
        throw new IllegalStateException("two features offer a store for cluster rate limits");
      found = q;
    }
    return found;
  }

  /** The providers' resolved endpoints, for the listeners' {@code clientStarted}. */
  private static Map<String, java.net.URI> endpoints(Map<String, ModelProvider> all) {
    Map<String, java.net.URI> endpoints = new LinkedHashMap<>();
    all.forEach((id, p) -> p.endpoint().ifPresent(uri -> endpoints.put(id, uri)));
    return endpoints;
  }

  private void checkRoutes() {
    if (routes.isEmpty())
      throw new IllegalStateException("no logical model configured: add a route");
    if (defaultModel != null && !routes.containsKey(defaultModel)) {
      throw new IllegalStateException(
          "defaultModel '" + defaultModel + "' is not a configured logical model");
    }
    if (defaultEmbeddingModel != null && !routes.containsKey(defaultEmbeddingModel)) {
      throw new IllegalStateException(
          "defaultEmbeddingModel '"
              + defaultEmbeddingModel
              + "' is not a configured logical model");
    }
    for (String model : resilience.overriddenModels()) {
      if (!routes.containsKey(model))
        throw new IllegalStateException("resilience override names unknown model '" + model + "'");
    }
    for (String p : resilience.overriddenProviders()) {
      if (!providers.containsKey(p) && !providerConfigs.containsKey(p)) {
        throw new IllegalStateException("resilience override names unknown provider '" + p + "'");
      }
    }
    routes.forEach(
        (model, route) -> route.targets().forEach(t -> resilience.resolve(model, t.provider())));
  }

  private void createProviders(Map<String, ModelProvider> all) {
    for (Map.Entry<String, ProviderConfig> e : providerConfigs.entrySet()) {
      if (all.containsKey(e.getKey())) continue;
      ModelProviderFactory factory =
          ProviderFactories.discover()
              .find(e.getValue().type())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no provider factory for type '"
                              + e.getValue().type()
                              + "' on the class path"));
      all.put(e.getKey(), factory.create(e.getKey(), e.getValue()));
    }
  }

  private void checkTargets(Map<String, ModelProvider> all) {
    for (Map.Entry<String, Route> r : routes.entrySet()) {
      for (Target t : r.getValue().targets()) {
        if (!all.containsKey(t.provider())) {
          throw new IllegalStateException(
              "model '" + r.getKey() + "' routes to unknown provider '" + t.provider() + "'");
        }
      }
    }
  }

  private Map<String, String> providerTypes() {
    Map<String, String> types = new LinkedHashMap<>();
    providerConfigs.forEach((id, config) -> types.put(id, config.type()));
    return types;
  }

  /**
   * Closes each resource, logging (never throwing) failures: used on close and on a failed build.
   */
  public static void closeQuietly(List<? extends AutoCloseable> resources) {
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.getClass().getName());
      }
    }
  }
}
