package dev.switchboard.local;

import dev.switchboard.spi.ProviderConfig;
import java.util.Map;

/** Turns a config builder's validation failure into a problem at the config key it concerns. */
final class Problems {
  private Problems() {}

  /**
   * The config key for the field named at the start of the message, or null (the section itself).
   */
  static String key(RuntimeException e, Map<String, String> keysByField) {
    String msg = String.valueOf(e.getMessage());
    int colon = msg.indexOf(':');
    return colon < 0 ? null : keysByField.get(msg.substring(0, colon));
  }

  /** The message without the field name. */
  static String text(RuntimeException e) {
    String msg = String.valueOf(e.getMessage());
    int colon = msg.indexOf(':');
    return colon < 0 ? msg : msg.substring(colon + 1).trim();
  }

  /** Stands in for a config with problems; the load fails before it is used. */
  static final class Invalid implements ProviderConfig {
    private final String type;

    Invalid(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public String describe() {
      return type + " (invalid)";
    }
  }
}
