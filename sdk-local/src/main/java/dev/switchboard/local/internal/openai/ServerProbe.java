package dev.switchboard.local.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.LocalServer;
import dev.switchboard.local.internal.LocalEndpoint;
import dev.switchboard.local.internal.Statuses;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.ServedModel;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.wire.internal.json.WireJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Discovery on OpenAI-compatible servers, where each differs (protocols.md §3 to §7):
 *
 * <ul>
 *   <li>health: vLLM {@code GET /health} (and {@code /version}); llama.cpp {@code GET /health}, 503
 *       while its model loads; TGI {@code GET /health} (and {@code /info} for the version); LM
 *       Studio and others have none, so {@code GET /v1/models} stands in.
 *   <li>models: {@code GET /v1/models} everywhere ({@code {data:[...]}}; TGI's spec has a single
 *       object), with vLLM's {@code max_model_len} and llama.cpp's training context.
 *   <li>capabilities: context window from vLLM's model list, llama.cpp's {@code /props} (also its
 *       vision modality) and TGI's {@code /info}; LM Studio's {@code /api/v0/models/{id}} tells
 *       vision and embedding models apart.
 * </ul>
 *
 * Thread-safe.
 */
final class ServerProbe {
  private final LocalEndpoint endpoint;
  private final LocalServer server;

  ServerProbe(LocalEndpoint endpoint) {
    this.endpoint = endpoint;
    this.server = endpoint.server();
  }

  ServerStatus status() {
    try {
      switch (server) {
        case VLLM:
          health();
          return ServerStatus.up(version("version", "version"));
        case LLAMA_CPP:
          health();
          return ServerStatus.up(llamaCppVersion());
        case TGI:
          health();
          return ServerStatus.up(version("info", "version"));
        default:
          endpoint.getJson("v1/models", null);
          return ServerStatus.up(null);
      }
    } catch (SwitchboardException e) {
      return Statuses.of(e, server == LocalServer.LLAMA_CPP);
    }
  }

  /**
   * The server's health route; where it is missing (a 404: a proxy that forwards only {@code /v1},
   * an older build) the model list decides instead, so a server that answers chat is never reported
   * down for lack of a health path.
   */
  private void health() {
    try {
      endpoint.ping("health");
    } catch (ServiceException e) {
      if (e.statusCode() != 404) throw e;
      endpoint.getJson("v1/models", null);
    }
  }

  /**
   * llama.cpp's {@code build_info} from {@code /props}. Its {@code /health} needs no key and {@code
   * /props} does, so a refused key shows here: the status says so (a 401 or 403 is rethrown)
   * instead of "up" with every model missing. Anything else is best effort.
   */
  private String llamaCppVersion() {
    try {
      return WireJson.text(endpoint.getJson("props", null), "build_info");
    } catch (AuthenticationException e) {
      throw e;
    } catch (SwitchboardException e) {
      return null; // a router without a loaded model, an older build: the server is up anyway
    }
  }

  /** A version from a JSON field, best effort: the server is up whatever this finds. */
  private String version(String path, String field) {
    try {
      return WireJson.text(endpoint.getJson(path, null), field);
    } catch (SwitchboardException e) {
      return null;
    }
  }

  List<ServedModel> listModels() {
    List<ServedModel> out = new ArrayList<>();
    for (JsonNode m : entries(endpoint.getJson("v1/models", null))) {
      String id = WireJson.text(m, "id");
      if (id == null || id.isBlank()) continue;
      Map<String, String> details = new LinkedHashMap<>();
      put(details, "owned-by", WireJson.text(m, "owned_by"));
      put(details, "context", WireJson.text(m, "max_model_len"));
      put(details, "training-context", WireJson.text(m.path("meta"), "n_ctx_train"));
      // llama.cpp's router (--models-dir) gives each model a state: loaded, loading, unloaded
      put(details, "status", WireJson.text(m.path("status"), "value"));
      out.add(new ServedModel(id, details));
    }
    return out;
  }

  /** The model list's entries: {@code data[]}, or the single object TGI's spec describes. */
  private static List<JsonNode> entries(JsonNode root) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode data = root.get("data");
    if (data != null && data.isArray()) data.forEach(out::add);
    else if (root.has("id")) out.add(root);
    return out;
  }

  /** The server's facts about a model over the defaults; empty if the server does not know it. */
  Optional<ProviderCapabilities> capabilities(String model, ProviderCapabilities defaults) {
    switch (server) {
      case LLAMA_CPP:
        {
          // a router answers for the model named in the query (without it, for none in
          // particular); a single-model server ignores the query
          JsonNode props =
              endpoint.getJson(
                  endpoint.url("props").newBuilder().addQueryParameter("model", model).build(),
                  model);
          ProviderCapabilities c =
              defaults.withContextWindow(
                  intOr(
                      props.path("default_generation_settings").get("n_ctx"),
                      defaults.contextWindow()));
          JsonNode vision = props.path("modalities").get("vision");
          if (vision != null && vision.isBoolean()) c = c.withVision(vision.asBoolean());
          return Optional.of(c.embeddings() ? c.withEmbeddings(llamaCppEmbeds(model)) : c);
        }
      case TGI:
        {
          JsonNode info = endpoint.getJson("info", model);
          return Optional.of(
              defaults.withContextWindow(
                  intOr(info.get("max_total_tokens"), defaults.contextWindow())));
        }
      case LM_STUDIO:
        return lmStudio(model, defaults);
      default:
        {
          for (JsonNode m : entries(endpoint.getJson("v1/models", model))) {
            if (model.equals(WireJson.text(m, "id"))) {
              return Optional.of(
                  defaults.withContextWindow(
                      intOr(m.get("max_model_len"), defaults.contextWindow())));
            }
          }
          return Optional.empty();
        }
    }
  }

  /**
   * Whether llama.cpp serves embeddings: only when started with {@code --embeddings}, else {@code
   * /v1/embeddings} answers 501. Nothing else tells, so one fixed word is embedded (no request
   * content); only a 501 says no, anything else keeps the default.
   */
  private boolean llamaCppEmbeds(String model) {
    try {
      endpoint.postJson(
          "v1/embeddings",
          ("{\"model\":" + WireJson.MAPPER.valueToTree(model) + ",\"input\":\"ping\"}")
              .getBytes(StandardCharsets.UTF_8),
          model);
      return true;
    } catch (UnsupportedCapabilityException e) {
      return false;
    } catch (SwitchboardException e) {
      return true;
    }
  }

  /**
   * LM Studio's REST v0 model entry: type {@code llm}, {@code vlm} or {@code embeddings}, and the
   * context length.
   */
  private Optional<ProviderCapabilities> lmStudio(String model, ProviderCapabilities defaults) {
    JsonNode m;
    try {
      m = endpoint.getJson("api/v0/models/" + model, model);
    } catch (InvalidRequestException e) {
      if (e.statusCode() == 404) return Optional.empty();
      throw e;
    }
    String type = WireJson.text(m, "type");
    ProviderCapabilities c =
        "embeddings".equals(type)
            ? ProviderCapabilities.embeddingsOnly()
            : defaults.withVision("vlm".equals(type)).withEmbeddings(false);
    return Optional.of(c.withContextWindow(intOr(m.get("max_context_length"), c.contextWindow())));
  }

  /**
   * TGI ignores the model name (it serves one model); llama.cpp too when it serves a single model
   * (not as a router, whose entries carry a status). Others must serve the exact name.
   */
  boolean serves(String model, List<ServedModel> served) {
    if (server == LocalServer.TGI) return !served.isEmpty();
    if (server == LocalServer.LLAMA_CPP
        && served.size() == 1
        && !served.get(0).details().containsKey("status")) {
      return true; // a router lists the models it can load, one entry or many: names must match
    }
    for (ServedModel m : served) {
      if (m.name().equals(model)) return true;
    }
    return false;
  }

  private static int intOr(JsonNode n, int fallback) {
    return n != null && n.canConvertToInt() && n.asInt() > 0 ? n.asInt() : fallback;
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) m.put(k, v);
  }
}
