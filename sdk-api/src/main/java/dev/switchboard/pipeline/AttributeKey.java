package dev.switchboard.pipeline;

import dev.switchboard.spi.Checks;

/**
 * A typed key for {@link CallAttributes}. Compare by identity: keep keys in constants.
 *
 * @param <T> the value type
 * @since 0.1
 */
public final class AttributeKey<T> {
  private final String name;
  private final Class<T> type;

  private AttributeKey(String name, Class<T> type) {
    this.name = Checks.notBlank(name, "AttributeKey.name");
    this.type = Checks.notNull(type, "AttributeKey.type");
  }

  /** A new key; two calls with the same name give different keys. */
  public static <T> AttributeKey<T> of(String name, Class<T> type) {
    return new AttributeKey<>(name, type);
  }

  public String name() {
    return name;
  }

  T cast(Object value) {
    return type.cast(value);
  }

  @Override
  public String toString() {
    return "AttributeKey[" + name + "]";
  }
}
