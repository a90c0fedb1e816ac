package dev.switchboard.internal.routing;

import dev.switchboard.ModelRequest;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Operation;
import java.util.List;
import java.util.Map;

/**
 * Where a request goes before the pipeline runs: the logical model it names (or the client's
 * default), that model's route, narrowed to one provider when the request is pinned. Refuses a
 * request that resolves to no target, naming the request field to fix. Immutable and thread-safe.
 */
public final class RouteResolver {
  private final Map<String, Route> routes;
  private final String defaultModel;
  private final String defaultEmbeddingModel;

  /**
   * @param routes the client's routes by logical model, in config order
   * @param defaultModel the model for requests that name none; null for none
   */
  public RouteResolver(Map<String, Route> routes, String defaultModel) {
    this(routes, defaultModel, defaultModel);
  }

  /**
   * @param routes the client's routes by logical model, in config order
   * @param defaultModel the model for chat requests that name none; null for none
   * @param defaultEmbeddingModel the model for embedding requests that name none ({@code
   *     default-embedding-model}, else the default model); null for none
   */
  public RouteResolver(
      Map<String, Route> routes, String defaultModel, String defaultEmbeddingModel) {
    this.routes = routes;
    this.defaultModel = defaultModel;
    this.defaultEmbeddingModel = defaultEmbeddingModel;
  }

  /**
   * Starts a call for the request on its resolved route.
   *
   * @throws IllegalArgumentException if the request names no model and there is no default, names
   *     an unknown one, or is pinned to a provider the model has no target at
   */
  public Call newCall(
      Operation operation, ModelRequest request, Timeouts timeouts, CallListener listener) {
    String field = request instanceof ChatRequest ? "ChatRequest.model" : "EmbeddingRequest.model";
    boolean chat = request instanceof ChatRequest;
    String logical = request.model().orElse(chat ? defaultModel : defaultEmbeddingModel);
    if (logical == null) {
      throw new IllegalArgumentException(
          field
              + ": is required (the client has "
              + routes.size()
              + (chat
                  ? " logical models and no default-model)"
                  : " logical models and no default-embedding-model or default-model)"));
    }
    Route route = routes.get(logical);
    if (route == null) {
      throw new IllegalArgumentException(
          field
              + ": unknown logical model '"
              + logical
              + "'; configured: "
              + String.join(", ", routes.keySet()));
    }
    if (request.pinnedProvider().isPresent())
      route = pinned(route, request.pinnedProvider().get(), logical, field);
    return Call.start(operation, request, logical, route, timeouts, listener);
  }

  /**
   * The route narrowed to the pinned provider's targets: a pinned call never reaches another
   * provider.
   */
  private static Route pinned(Route route, String provider, String logical, String field) {
    List<Target> kept = route.targetsMatching(t -> t.provider().equals(provider));
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(
          field.replace(".model", ".pinnedProvider")
              + ": logical model '"
              + logical
              + "' has no target at provider '"
              + provider
              + "'");
    }
    return new Route(route.strategy(), kept);
  }
}
