package dev.switchboard.spring.internal;

import dev.switchboard.ModelClientBuilder;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.mock.MockProvider;
import java.util.Set;

/**
 * {@code switchboard.mock=true}: every provider of the config is replaced by a mock provider of the
 * same id, so routes, features and telemetry work as configured and nothing leaves the process. In
 * a class of its own so that the mock is loaded only when the switch is on.
 */
public final class MockSwitch {
  /** The config of a mock-only application, which configures no provider: model {@code default}. */
  public static final String MOCK_ONLY =
      """
      providers:
        mock: { type: mock }
      models:
        default: { targets: [ { provider: mock, model: mock-model } ] }
      default-model: default
      """;

  private MockSwitch() {}

  /** Adds a mock in place of each configured provider. */
  public static void apply(ModelClientBuilder builder, SwitchboardConfig config) {
    Set<String> ids = config.providers().keySet();
    for (String id : ids) builder.provider(MockProvider.builder().id(id).build());
  }

  /** True if the mock module is on the class path. */
  public static boolean available() {
    try {
      Class.forName("dev.switchboard.mock.MockProvider", false, MockSwitch.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
