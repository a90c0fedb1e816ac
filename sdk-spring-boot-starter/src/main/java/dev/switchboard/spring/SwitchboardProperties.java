package dev.switchboard.spring;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's own settings under {@code switchboard.}. Every other key under {@code switchboard.}
 * ({@code providers}, {@code models}, {@code default-model}, {@code timeouts}, {@code resilience},
 * {@code pricing}, {@code budgets}, {@code ledger}, {@code compliance}, {@code audit}) is the YAML
 * config schema, one to one, and is read by the core's config loader.
 *
 * @since 0.3
 */
@ConfigurationProperties(prefix = "switchboard")
public class SwitchboardProperties {
  private @Nullable String configFile;
  private boolean mock;
  private final Telemetry telemetry = new Telemetry();

  /** Creates the defaults: no config file, no mock, telemetry on. */
  public SwitchboardProperties() {}

  /**
   * A switchboard.yaml to load instead of the properties (a file path, or {@code classpath:} and a
   * resource name).
   *
   * @return the file, or null
   */
  public @Nullable String getConfigFile() {
    return configFile;
  }

  /**
   * Sets the config file.
   *
   * @param configFile a path or {@code classpath:} resource
   */
  public void setConfigFile(@Nullable String configFile) {
    this.configFile = configFile;
  }

  /**
   * Whether every provider is replaced by the mock provider (for {@code @SpringBootTest}).
   *
   * @return true to use the mock
   */
  public boolean isMock() {
    return mock;
  }

  /**
   * Switches the application to the mock provider.
   *
   * @param mock true to use the mock
   */
  public void setMock(boolean mock) {
    this.mock = mock;
  }

  /**
   * The telemetry settings.
   *
   * @return the settings
   */
  public Telemetry getTelemetry() {
    return telemetry;
  }

  /**
   * Telemetry settings under {@code switchboard.telemetry}.
   *
   * @since 0.3
   */
  public static class Telemetry {
    private boolean enabled = true;
    private List<String> costTagKeys = new ArrayList<>();
    private List<String> propagateTraceContextTo = new ArrayList<>();
    private boolean captureContent;

    /** Creates the defaults: on, no cost tag keys, no trace propagation, no content capture. */
    public Telemetry() {}

    /**
     * Whether prompt and answer text go on the call spans ({@code gen_ai.input.messages}, {@code
     * gen_ai.output.messages}). Off by default; the context fails to start if it is on and the
     * config marks data as PHI (a compliance policy that classifies requests as PHI, or a provider
     * profile with a BAA).
     *
     * @return true if on
     */
    public boolean isCaptureContent() {
      return captureContent;
    }

    /**
     * Turns content capture on or off.
     *
     * @param captureContent true for on
     */
    public void setCaptureContent(boolean captureContent) {
      this.captureContent = captureContent;
    }

    /**
     * Whether spans and metrics are recorded when OpenTelemetry or Micrometer is present.
     *
     * @return true if on
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns telemetry on or off.
     *
     * @param enabled true for on
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * Request tag keys whose values label the cost metric.
     *
     * @return the keys
     */
    public List<String> getCostTagKeys() {
      return costTagKeys;
    }

    /**
     * Sets the cost tag keys.
     *
     * @param costTagKeys the keys
     */
    public void setCostTagKeys(List<String> costTagKeys) {
      this.costTagKeys = new ArrayList<>(costTagKeys);
    }

    /**
     * Provider ids that receive the W3C trace context on their HTTP requests.
     *
     * @return the provider ids
     */
    public List<String> getPropagateTraceContextTo() {
      return propagateTraceContextTo;
    }

    /**
     * Sets the providers that receive the trace context.
     *
     * @param providerIds the provider ids
     */
    public void setPropagateTraceContextTo(List<String> providerIds) {
      this.propagateTraceContextTo = new ArrayList<>(providerIds);
    }
  }
}
