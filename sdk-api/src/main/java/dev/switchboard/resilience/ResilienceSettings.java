package dev.switchboard.resilience;

import dev.switchboard.spi.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The resilience policy of every (logical model, target) pair: a global policy, overridden per
 * provider, overridden per logical model. The most specific setting wins: the policy for a target
 * of provider {@code P} in logical model {@code M} is {@code
 * model(M).apply(provider(P).apply(global))}. An override changes only what it sets, so a model
 * that raises {@code max-attempts} keeps the provider's rate limit.
 *
 * <p>Immutable and thread-safe, provided the overrides are pure functions (they are applied once
 * per pair, when the client is built).
 *
 * @since 0.1
 */
public final class ResilienceSettings {
  private static final ResilienceSettings DEFAULTS = builder().build();

  private final ResiliencePolicy global;
  private final Map<String, UnaryOperator<ResiliencePolicy>> providers;
  private final Map<String, UnaryOperator<ResiliencePolicy>> models;

  private ResilienceSettings(Builder b) {
    this.global = b.global;
    this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(b.providers));
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(b.models));
  }

  /** The defaults everywhere ({@link ResiliencePolicy#ofDefaults()}), no overrides. */
  public static ResilienceSettings ofDefaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings. */
  public Builder toBuilder() {
    Builder b = new Builder().global(global);
    b.providers.putAll(providers);
    b.models.putAll(models);
    return b;
  }

  /** The policy that applies where no override does. */
  public ResiliencePolicy global() {
    return global;
  }

  /** The providers that have an override. */
  public Set<String> overriddenProviders() {
    return providers.keySet();
  }

  /** The logical models that have an override. */
  public Set<String> overriddenModels() {
    return models.keySet();
  }

  /**
   * The policy for a target of {@code provider} serving {@code logicalModel}.
   *
   * @throws IllegalStateException if an override returned null
   * @throws IllegalArgumentException if an override produced an invalid policy
   */
  public ResiliencePolicy resolve(String logicalModel, String provider) {
    ResiliencePolicy p = apply(providers.get(provider), global, "provider " + provider);
    return apply(models.get(logicalModel), p, "model " + logicalModel);
  }

  private static ResiliencePolicy apply(
      UnaryOperator<ResiliencePolicy> override, ResiliencePolicy base, String what) {
    if (override == null) return base;
    ResiliencePolicy out = override.apply(base);
    if (out == null)
      throw new IllegalStateException("the resilience override of " + what + " returned null");
    return out;
  }

  @Override
  public String toString() {
    return "ResilienceSettings[global="
        + global
        + ", providers="
        + providers.keySet()
        + ", models="
        + models.keySet()
        + "]";
  }

  /** Builds {@link ResilienceSettings}. Not thread-safe. */
  public static final class Builder {
    private ResiliencePolicy global = ResiliencePolicy.ofDefaults();
    private final Map<String, UnaryOperator<ResiliencePolicy>> providers = new LinkedHashMap<>();
    private final Map<String, UnaryOperator<ResiliencePolicy>> models = new LinkedHashMap<>();

    private Builder() {}

    /** The policy that applies where no override does. */
    public Builder global(ResiliencePolicy policy) {
      this.global = Checks.notNull(policy, "policy");
      return this;
    }

    /** Overrides the policy for every target of this provider; replaces an earlier override. */
    public Builder provider(String providerId, UnaryOperator<ResiliencePolicy> override) {
      providers.put(
          Checks.notBlank(providerId, "providerId"), Checks.notNull(override, "override"));
      return this;
    }

    /**
     * Overrides the policy for every target of this logical model; replaces an earlier override.
     */
    public Builder model(String logicalModel, UnaryOperator<ResiliencePolicy> override) {
      models.put(
          Checks.notBlank(logicalModel, "logicalModel"), Checks.notNull(override, "override"));
      return this;
    }

    /**
     * Takes the other settings' global policy and adds its overrides (replacing same-named ones).
     */
    public Builder merge(ResilienceSettings other) {
      Checks.notNull(other, "other");
      global = other.global;
      providers.putAll(other.providers);
      models.putAll(other.models);
      return this;
    }

    public ResilienceSettings build() {
      return new ResilienceSettings(this);
    }
  }
}
