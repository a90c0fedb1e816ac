package dev.switchboard.spi;

import java.util.Map;

/**
 * One model a server serves, as {@link ModelDiscovery#listModels()} reports it.
 *
 * @param name the name to put in a route's {@code model}
 * @param details what the server says about it, for display (family, parameter size, quantization,
 *     size on disk, context length, ...); possibly empty
 * @since 0.1
 */
public record ServedModel(String name, Map<String, String> details) {
  public ServedModel {
    Checks.notBlank(name, "ServedModel.name");
    details = Checks.mapCopy(details, "ServedModel.details");
  }

  /** A model known by name only. */
  public static ServedModel of(String name) {
    return new ServedModel(name, Map.of());
  }
}
