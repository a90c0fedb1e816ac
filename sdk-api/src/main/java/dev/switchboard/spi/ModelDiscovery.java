package dev.switchboard.spi;

import java.util.List;
import java.util.Optional;

/**
 * Optional for providers: asks the server behind a provider what it serves. Implemented by the
 * adapters of servers a hospital runs itself (Ollama, vLLM, llama.cpp, LM Studio, TGI), whose model
 * list changes as models are pulled or loaded; cloud adapters usually cannot list their deployments
 * and do not implement it. Find it with {@code provider instanceof ModelDiscovery}.
 *
 * <p>Every method does network I/O with the provider's own short discovery timeout; none is on the
 * path of a model call. Implementations are thread-safe.
 *
 * <pre>{@code
 * if (provider instanceof ModelDiscovery d && d.status().state() == ServerStatus.State.UP) {
 *   for (ServedModel m : d.listModels()) System.out.println(m.name());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface ModelDiscovery {

  /**
   * Asks the server's health (or version) endpoint whether it is up. Never throws for a server
   * problem: a server that is down or still loading is reported as such.
   */
  ServerStatus status();

  /**
   * The models the server serves now.
   *
   * @throws dev.switchboard.error.SwitchboardException if the server cannot be asked (down,
   *     loading, refusing the key)
   */
  List<ServedModel> listModels();

  /**
   * What the server reports about one model (tools, vision, context window, ...), merged with the
   * provider's configured overrides; the result is also what {@link ModelProvider#capabilities}
   * returns for the model from then on.
   *
   * @return empty if the server does not know the model or reports nothing about it
   * @throws dev.switchboard.error.SwitchboardException if the server cannot be asked
   */
  Optional<ProviderCapabilities> discoverCapabilities(String model);

  /**
   * True if one of the served models answers to the configured model name. The default compares
   * names exactly; servers with aliases (Ollama's implicit {@code :latest} tag) override it.
   */
  default boolean serves(String model, List<ServedModel> served) {
    for (ServedModel m : served) {
      if (m.name().equals(model)) return true;
    }
    return false;
  }
}
